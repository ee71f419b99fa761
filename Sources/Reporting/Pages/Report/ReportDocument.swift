/// Everything a report page shows, as plain values.
///
/// The command line fills this in from the fitted model, the metrics and the figure files it
/// wrote; `HTMLReportRenderer` turns it into a page with `report.mustache`. Strings are shown
/// as they are (they are escaped when the page is written); numbers are formatted by the
/// renderer.
public struct ReportDocument: PageDocument, Equatable {
  public static let page = HTMLReportRenderer.Page.report

  /// The title, run card, warnings, downloads and footer.
  public var frame: PageFrame
  /// The parts of the opening sentence: model, data and counts.
  public var summary: ReportSummary
  /// Fraction of the scored samples predicted correctly, in 0...1; nil when the unlabeled rows
  /// have no ground truth, and the page then says that accuracy cannot be measured.
  public var accuracy: Double?
  /// Number of iterations the model ran.
  public var iterations: Int
  /// The iteration limit (`max_iter`), named in the badge when the model did not converge.
  public var maxIterations: Int
  /// Whether the change between iterations fell below the tolerance before `maxIterations`.
  public var converged: Bool
  /// The tolerance (`tol`) the residuals were compared with; nil to leave it unsaid.
  public var tolerance: Double?
  /// The change each iteration made, `sum |F - F_prev|`: element `i` belongs to iteration
  /// `i + 1` (the iterations `iterations` counts).
  public var residuals: [Double]
  /// Precision, recall, F1 and support per class; nil without ground truth.
  public var classificationReport: ReportTable?
  /// scikit-learn's `classification_report` text, shown as it is under the table.
  public var reportText: String?
  /// Labeled and predicted counts per class.
  public var classBalance: [ClassCount]
  /// Figure files; at most one of each kind except `.other` is placed in its section.
  public var figures: [FigureReference]
  /// The most uncertain predictions, most uncertain first.
  public var uncertainSamples: [UncertainSample]
  /// When the report was made, already formatted; nil keeps the page reproducible.
  public var generatedAt: String?
  /// "What this means": sentences written from the run's numbers, shown after the summary.
  public var findings: [Finding] = []

  public init(
    frame: PageFrame,
    summary: ReportSummary,
    accuracy: Double?,
    iterations: Int,
    maxIterations: Int,
    converged: Bool,
    tolerance: Double? = nil,
    residuals: [Double],
    classificationReport: ReportTable?,
    reportText: String?,
    classBalance: [ClassCount],
    figures: [FigureReference],
    uncertainSamples: [UncertainSample],
    generatedAt: String? = nil
  ) {
    self.frame = frame
    self.summary = summary
    self.accuracy = accuracy
    self.iterations = iterations
    self.maxIterations = maxIterations
    self.converged = converged
    self.tolerance = tolerance
    self.residuals = residuals
    self.classificationReport = classificationReport
    self.reportText = reportText
    self.classBalance = classBalance
    self.figures = figures
    self.uncertainSamples = uncertainSamples
    self.generatedAt = generatedAt
  }
}
