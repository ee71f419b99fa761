/// The tuning page: what it shows, as plain values.
///
/// A tuning grid scores each setting (model, gamma or k, alpha) by cross-validation on
/// the labeled samples. `HTMLReportRenderer` renders it with `tuning.mustache`; numbers
/// are formatted by the renderer.
public enum TuningPage: PageKind {
  public static let page = HTMLReportRenderer.Page.tuning

  /// What the page shows beside its frame (whose downloads name `tuning.json`).
  public typealias Values = (
    /// One paragraph that says what was measured and how.
    summary: String,
    /// The heatmap or line chart of the mean scores (`tuning.png`).
    figure: FigureReference?,
    /// One row per grid cell, in grid order.
    rows: [Row],
    /// Index into `rows` of the best cell.
    bestIndex: Int,
    /// The `report` command line that fits the best cell.
    bestCommand: String,
    /// How many labeled samples were split into how many folds.
    labeledCount: Int,
    foldCount: Int,
    /// How many unlabeled samples have a known class (0 for real unlabeled data).
    scoredUnlabeledCount: Int
  )

  /// One cell of the grid and its scores.
  public typealias Row = (
    /// `spreading` or `propagation`.
    model: String,
    /// The graph, such as `rbf, gamma 0.01` or `knn, k 7`.
    kernel: String,
    /// `nil` for label propagation.
    alpha: Double?,
    mean: Double,
    standardDeviation: Double,
    macroF1: Double,
    /// `nil` when the unlabeled samples' classes are unknown.
    unlabeledAccuracy: Double?
  )
}

/// The tuning page to write.
public typealias TuningDocument = PageDocument<TuningPage>
