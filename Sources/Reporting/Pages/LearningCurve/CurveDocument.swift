/// The learning-curve page: what it shows, as plain values.
///
/// A learning curve repeats a fit for several numbers of labeled samples and several random
/// draws of those labels; each `Row` sums up the runs of one model at one number of labels.
/// `HTMLReportRenderer` renders it with `learning_curve.mustache`. Strings are shown as they
/// are (escaped when the page is written); numbers are formatted by the renderer.
public enum CurvePage: PageKind {
  public static let page = HTMLReportRenderer.Page.learningCurve

  /// What the page shows beside its frame (whose downloads name `learning_curve.json`).
  public typealias Values = (
    /// One paragraph that says what was measured and how.
    summary: String,
    /// The plotted curve (`learning_curve.png`); nil to show the table alone.
    figure: FigureReference?,
    /// Means and spreads, one row per model and number of labels.
    rows: [Row]
  )

  /// The runs of one model with one number of labeled samples, summed up.
  public typealias Row = (
    /// The model's name; rows of the same model are shown together.
    model: String,
    /// Number of labeled samples each run was given.
    labeled: Int,
    /// Number of runs (random draws of the labeled samples).
    runs: Int,
    /// Mean accuracy over the runs, in 0...1.
    mean: Double,
    /// Standard deviation of the accuracy over the runs.
    standardDeviation: Double,
    /// Lowest accuracy of a run.
    minimum: Double,
    /// Highest accuracy of a run.
    maximum: Double,
    /// Mean macro-averaged F1 score over the runs.
    meanMacroF1: Double
  )
}

/// The learning-curve page to write.
public typealias CurveDocument = PageDocument<CurvePage>
