/// Everything the learning-curve page shows, as plain values.
///
/// A learning curve repeats a fit for several numbers of labeled samples and several random
/// draws of those labels; each `CurveTableRow` sums up the runs of one model at one number of
/// labels. `HTMLReportRenderer` renders it with `learning_curve.mustache`. Strings are shown as
/// they are (escaped when the page is written); numbers are formatted by the renderer.
public struct CurveDocument: PageDocument, Equatable {
  public static let page = HTMLReportRenderer.Page.learningCurve

  /// The title, run card, warnings, downloads (such as `learning_curve.json`) and footer.
  public var frame: PageFrame
  /// One paragraph that says what was measured and how.
  public var summary: String
  /// The plotted curve (`learning_curve.png`); nil to show the table alone.
  public var figure: FigureReference?
  /// Means and spreads, one row per model and number of labels.
  public var rows: [CurveTableRow]

  public init(frame: PageFrame, summary: String, figure: FigureReference?, rows: [CurveTableRow]) {
    self.frame = frame
    self.summary = summary
    self.figure = figure
    self.rows = rows
  }
}

/// The runs of one model with one number of labeled samples, summed up.
public struct CurveTableRow: Sendable, Equatable {
  /// The model's name; rows of the same model are shown together.
  public var model: String
  /// Number of labeled samples each run was given.
  public var labeled: Int
  /// Number of runs (random draws of the labeled samples).
  public var runs: Int
  /// Mean accuracy over the runs, in 0...1.
  public var mean: Double
  /// Standard deviation of the accuracy over the runs.
  public var standardDeviation: Double
  /// Lowest accuracy of a run.
  public var minimum: Double
  /// Highest accuracy of a run.
  public var maximum: Double
  /// Mean macro-averaged F1 score over the runs.
  public var meanMacroF1: Double

  public init(
    model: String,
    labeled: Int,
    runs: Int,
    mean: Double,
    standardDeviation: Double,
    minimum: Double,
    maximum: Double,
    meanMacroF1: Double
  ) {
    self.model = model
    self.labeled = labeled
    self.runs = runs
    self.mean = mean
    self.standardDeviation = standardDeviation
    self.minimum = minimum
    self.maximum = maximum
    self.meanMacroF1 = meanMacroF1
  }
}
