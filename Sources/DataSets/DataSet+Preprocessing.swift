extension DataSet {
  /// The data set with every feature column centred and scaled to unit variance,
  /// exactly as scikit-learn's `StandardScaler().fit_transform` does.
  ///
  /// For a column `x` of `n` values, following `_incremental_mean_and_var` on a
  /// first fit: `mean = Σx / n`, then with `d = x - mean` the corrected two-pass
  /// variance `var = (Σd² - (Σd)² / n) / n` (Chan, Golub and LeVeque), and
  /// `x' = (x - mean) / scale` with `scale = sqrt(var)`. A column whose variance is
  /// within the rounding error of the two-pass algorithm,
  /// `var <= n·eps·var + (n·mean·eps)²`, is constant and gets `scale = 1`, so it
  /// becomes zeros. Sums run row by row in file order, as NumPy reduces a
  /// C-ordered matrix over axis 0, so the results agree to the last bit or two.
  public func standardized() -> DataSet {
    let rows = sampleCount
    let columns = featureCount
    guard rows > 0, columns > 0 else { return self }
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
    var copy = self
    for row in 0..<rows {
      for column in 0..<columns {
        let index = row * columns + column
        copy.features[index] = (features[index] - means[column]) / scales[column]
      }
    }
    return copy
  }

  /// The number of rows whose features equal those of an earlier row.
  public func duplicateRowCount() -> Int {
    var seen = Set<ArraySlice<Double>>()
    seen.reserveCapacity(sampleCount)
    var duplicates = 0
    for index in 0..<sampleCount where !seen.insert(row(index)).inserted {
      duplicates += 1
    }
    return duplicates
  }
}
