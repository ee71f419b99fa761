/// The report page: what it shows, as plain values.
///
/// The command line fills this in from the fitted model, the metrics and the figure files it
/// wrote; `HTMLReportRenderer` turns it into a page with `report.mustache`. Strings are shown
/// as they are (they are escaped when the page is written); numbers are formatted by the
/// renderer.
public enum ReportPage: PageKind {
  public static let page = HTMLReportRenderer.Page.report

  /// What the page shows beside its frame.
  public typealias Values = (
    /// The parts of the opening sentence: model, data and counts.
    summary: Summary,
    /// Fraction of the scored samples predicted correctly, in 0...1; nil when the unlabeled
    /// rows have no ground truth, and the page then says that accuracy cannot be measured.
    accuracy: Double?,
    /// Number of iterations the model ran.
    iterations: Int,
    /// The iteration limit (`max_iter`), named in the badge when the model did not converge.
    maxIterations: Int,
    /// Whether the change between iterations fell below the tolerance before `maxIterations`.
    converged: Bool,
    /// The tolerance (`tol`) the residuals were compared with; nil to leave it unsaid.
    tolerance: Double?,
    /// The change each iteration made, `sum |F - F_prev|`: element `i` belongs to iteration
    /// `i + 1` (the iterations `iterations` counts).
    residuals: [Double],
    /// Precision, recall, F1 and support per class; nil without ground truth.
    classificationReport: ReportTable?,
    /// scikit-learn's `classification_report` text, shown as it is under the table.
    reportText: String?,
    /// Labeled and predicted counts per class.
    classBalance: [ClassCount],
    /// Figure files; at most one of each kind except `.other` is placed in its section.
    figures: [FigureReference],
    /// The most uncertain predictions, most uncertain first.
    uncertainSamples: [UncertainSample],
    /// "What this means": sentences written from the run's numbers, shown after the summary.
    findings: [Finding],
    /// When the report was made, already formatted; nil keeps the page reproducible.
    generatedAt: String?
  )

  /// The parts of the report's opening sentence.
  public typealias Summary = (
    /// The model, such as `Label Spreading`.
    model: String,
    /// The kernel, such as `rbf`; nil to leave it out of the sentence.
    kernel: String?,
    /// The data set, such as `digits` or a CSV file name.
    dataset: String,
    /// Number of samples the model saw.
    samples: Int,
    /// Number of samples whose label the model was given.
    labeled: Int,
    /// Number of samples whose label the model predicted.
    unlabeled: Int,
    /// Number of classes.
    classes: Int
  )

  /// How many samples of one class were labeled, and how many the model predicted.
  public typealias ClassCount = (
    /// The class label.
    label: String,
    /// Samples of this class among the labeled ones.
    labeled: Int,
    /// Unlabeled samples predicted as this class.
    predicted: Int,
    /// Unlabeled samples truly of this class; nil without ground truth.
    actual: Int?
  )
}

/// The report page to write.
public typealias ReportDocument = PageDocument<ReportPage>
