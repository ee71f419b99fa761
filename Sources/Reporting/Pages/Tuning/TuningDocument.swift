/// Everything the tuning page shows, as plain values.
///
/// A tuning grid scores each setting (model, gamma or k, alpha) by cross-validation on
/// the labeled samples. `HTMLReportRenderer` renders it with `tuning.mustache`; numbers
/// are formatted by the renderer.
public struct TuningDocument: PageDocument, Equatable {
  public static let page = HTMLReportRenderer.Page.tuning

  /// The title, run card, warnings, downloads (such as `tuning.json`) and footer.
  public var frame: PageFrame
  /// One paragraph that says what was measured and how.
  public var summary: String
  /// The heatmap or line chart of the mean scores (`tuning.png`).
  public var figure: FigureReference?
  /// One row per grid cell, in grid order.
  public var rows: [TuningTableRow]
  /// Index into `rows` of the best cell.
  public var bestIndex: Int
  /// The `report` command line that fits the best cell.
  public var bestCommand: String
  /// How many labeled samples were split into how many folds.
  public var labeledCount: Int
  public var foldCount: Int
  /// How many unlabeled samples have a known class (0 for real unlabeled data).
  public var scoredUnlabeledCount: Int

  public init(
    frame: PageFrame, summary: String, figure: FigureReference?, rows: [TuningTableRow],
    bestIndex: Int, bestCommand: String, labeledCount: Int, foldCount: Int,
    scoredUnlabeledCount: Int
  ) {
    self.frame = frame
    self.summary = summary
    self.figure = figure
    self.rows = rows
    self.bestIndex = bestIndex
    self.bestCommand = bestCommand
    self.labeledCount = labeledCount
    self.foldCount = foldCount
    self.scoredUnlabeledCount = scoredUnlabeledCount
  }
}

/// One cell of the grid and its scores.
public struct TuningTableRow: Sendable, Equatable {
  /// `spreading` or `propagation`.
  public var model: String
  /// The graph, such as `rbf, gamma 0.01` or `knn, k 7`.
  public var kernel: String
  /// `nil` for label propagation.
  public var alpha: Double?
  public var mean: Double
  public var standardDeviation: Double
  public var macroF1: Double
  /// `nil` when the unlabeled samples' classes are unknown.
  public var unlabeledAccuracy: Double?

  public init(
    model: String, kernel: String, alpha: Double?, mean: Double, standardDeviation: Double,
    macroF1: Double, unlabeledAccuracy: Double?
  ) {
    self.model = model
    self.kernel = kernel
    self.alpha = alpha
    self.mean = mean
    self.standardDeviation = standardDeviation
    self.macroF1 = macroF1
    self.unlabeledAccuracy = unlabeledAccuracy
  }
}
