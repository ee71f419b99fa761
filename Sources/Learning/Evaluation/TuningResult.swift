/// One setting of a tuning grid and how it scored.
public struct TuningCell: Sendable {
  /// The model with this cell's kernel, alpha and stopping rule.
  public let model: GraphModel
  /// The accuracy on each fold's hidden samples, in fold order.
  public let foldAccuracies: [Double]
  /// The macro F1 on each fold's hidden samples, in fold order.
  public let foldMacroF1: [Double]
  /// Mean of `foldAccuracies`.
  public let mean: Double
  /// Population standard deviation of `foldAccuracies` (NumPy's `std`, `ddof=0`).
  public let standardDeviation: Double
  /// Mean of `foldMacroF1`.
  public let macroF1: Double
  /// Accuracy on the unlabeled samples when fitted with every label; `nil`
  /// when their classes are unknown (as with real unlabeled data).
  public let unlabeledAccuracy: Double?
  /// How many of the fold fits stopped at `maxIterations` without converging.
  public let foldsNotConverged: Int
  /// Whether the fit with every label converged (`nil` when it was not made).
  public let fullFitConverged: Bool?

  /// `nil` for label propagation, which has no alpha.
  public var alpha: Double? { model.variant == .spreading ? model.alpha : nil }
}

/// Every cell of a tuning grid, the folds they were scored on, and the best cell.
public struct TuningResult: Sendable {
  public let tuning: Tuning
  /// Per fold, the samples whose labels it hides (sample indices, ascending).
  public let folds: [[Int]]
  /// In grid order: model, then kernel value, then alpha.
  public let cells: [TuningCell]
  /// Index into `cells`: the highest mean, then the smaller standard deviation, then the first.
  public let bestIndex: Int
  /// How many samples were labeled (and split into folds).
  public let labeledCount: Int
  /// How many unlabeled samples have a known class (scored for `unlabeledAccuracy`).
  public let scoredUnlabeledCount: Int
  /// Degenerate but valid situations: small classes, fits that did not converge.
  public let warnings: [String]

  public var best: TuningCell { cells[bestIndex] }

  /// The index of the best cell: highest mean, ties to the smaller standard
  /// deviation, then to the first in grid order.
  static func bestIndex(of cells: [TuningCell]) -> Int {
    var best = 0
    for index in cells.indices.dropFirst() {
      let cell = cells[index]
      let current = cells[best]
      if cell.mean > current.mean
        || (cell.mean == current.mean && cell.standardDeviation < current.standardDeviation)
      {
        best = index
      }
    }
    return best
  }
}

/// Sums as NumPy's `add.reduce` does for up to 128 values (`pairwise_sum`):
/// one by one below 8 values, else in eight running sums combined pairwise,
/// then the remainder one by one.
///
/// Means and standard deviations summed this way round as `np.mean` and
/// `np.std` do, so that ties between cells are decided as in scikit-learn.
func numpySum(_ values: [Double]) -> Double {
  guard values.count >= 8, values.count <= 128 else {
    if values.count > 128 { return values.reduce(0, +) }
    return values.reduce(-0.0, +)
  }
  var partial = Array(values[0..<8])
  let whole = values.count - values.count % 8
  var index = 8
  while index < whole {
    for lane in 0..<8 { partial[lane] += values[index + lane] }
    index += 8
  }
  var total =
    ((partial[0] + partial[1]) + (partial[2] + partial[3]))
    + ((partial[4] + partial[5]) + (partial[6] + partial[7]))
  while index < values.count {
    total += values[index]
    index += 1
  }
  return total
}

/// `np.mean` and `np.std` (population) of a few values.
func meanAndStandardDeviation(_ values: [Double]) -> (mean: Double, deviation: Double) {
  let count = Double(values.count)
  let mean = numpySum(values) / count
  let squares = values.map { ($0 - mean) * ($0 - mean) }
  return (mean, (numpySum(squares) / count).squareRoot())
}
