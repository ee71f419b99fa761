/// Everything the learning-curve page shows, as plain values.
///
/// A learning curve repeats a fit for several numbers of labeled samples and several random
/// draws of those labels; each `CurveTableRow` sums up the runs of one model at one number of
/// labels. Strings are shown as they are (escaped when the page is written); numbers are
/// formatted by the renderer.
public struct CurveDocument: Sendable, Equatable {
  /// The page title, also the `<title>` of the document.
  public var title: String
  /// One paragraph that says what was measured and how.
  public var summary: String
  /// Run parameters in the order they are shown.
  public var parameters: [KeyValue]
  /// Where the data came from.
  public var provenance: Provenance
  /// The plotted curve (`learning_curve.png`); nil to show the table alone.
  public var figure: FigureReference?
  /// Means and spreads, one row per model and number of labels.
  public var rows: [CurveTableRow]
  /// Warnings raised during the runs, one sentence each.
  public var warnings: [String]
  /// Machine-readable files written beside the page, such as `learning_curve.json`.
  public var downloads: [Download]
  /// Name of the program that wrote the page.
  public var toolName: String
  /// Version of that program.
  public var toolVersion: String
  /// Wall-clock times of the steps, already formatted.
  public var timings: [KeyValue]

  public init(
    title: String,
    summary: String,
    parameters: [KeyValue],
    provenance: Provenance,
    figure: FigureReference?,
    rows: [CurveTableRow],
    warnings: [String],
    downloads: [Download],
    toolName: String,
    toolVersion: String,
    timings: [KeyValue]
  ) {
    self.title = title
    self.summary = summary
    self.parameters = parameters
    self.provenance = provenance
    self.figure = figure
    self.rows = rows
    self.warnings = warnings
    self.downloads = downloads
    self.toolName = toolName
    self.toolVersion = toolVersion
    self.timings = timings
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
