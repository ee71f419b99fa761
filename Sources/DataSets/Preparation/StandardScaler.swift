/// The per-column mean and scale of scikit-learn's `StandardScaler`, to apply to other rows.
///
/// `fit` follows `_incremental_mean_and_var` on a first fit: for a column `x` of
/// `n` values, `mean = Σx / n`, then with `d = x - mean` the corrected two-pass
/// variance `var = (Σd² - (Σd)² / n) / n` (Chan, Golub and LeVeque), and
/// `scale = sqrt(var)`. A column whose variance is within the rounding error of
/// the two-pass algorithm, `var <= n·eps·var + (n·mean·eps)²`, is constant and
/// gets `scale = 1`. Sums run row by row in file order, as NumPy reduces a
/// C-ordered matrix over axis 0, so the results agree to the last bit or two.
public struct StandardScaler: Sendable, Equatable {
  /// `mean_`, one value per feature.
  public let means: [Double]
  /// `scale_`, one value per feature (1 for a constant column).
  public let scales: [Double]

  public init(means: [Double], scales: [Double]) {
    precondition(means.count == scales.count, "one mean and one scale per feature")
    self.means = means
    self.scales = scales
  }

  /// The means and scales of `data`'s feature columns (`StandardScaler().fit`).
  public init(fitting data: DataSet) {
    let rows = data.sampleCount
    let columns = data.featureCount
    guard rows > 0 else {
      self.init(
        means: [Double](repeating: 0, count: columns),
        scales: [Double](repeating: 1, count: columns))
      return
    }
    let features = data.features
    let count = Double(rows)
    var sums = [Double](repeating: 0, count: columns)
    for row in 0..<rows {
      for column in 0..<columns { sums[column] += features[row * columns + column] }
    }
    let means = sums.map { $0 / count }
    var corrections = [Double](repeating: 0, count: columns)
    var squares = [Double](repeating: 0, count: columns)
    for row in 0..<rows {
      for column in 0..<columns {
        let deviation = features[row * columns + column] - means[column]
        corrections[column] += deviation
        squares[column] += deviation * deviation
      }
    }
    let epsilon = Double.ulpOfOne
    var scales = [Double](repeating: 1, count: columns)
    for column in 0..<columns {
      let variance =
        (squares[column] - corrections[column] * corrections[column] / count) / count
      let meanBound = count * means[column] * epsilon
      let bound = count * epsilon * variance + meanBound * meanBound
      if !(variance <= bound) { scales[column] = variance.squareRoot() }
    }
    self.init(means: means, scales: scales)
  }

  /// Row-major `features` with `(x - mean) / scale` applied per column (`transform`).
  public func transform(_ features: [Double]) -> [Double] {
    let columns = means.count
    guard columns > 0 else { return features }
    precondition(features.count % columns == 0, "rows must have one value per feature")
    var scaled = features
    for index in scaled.indices {
      let column = index % columns
      scaled[index] = (features[index] - means[column]) / scales[column]
    }
    return scaled
  }
}
