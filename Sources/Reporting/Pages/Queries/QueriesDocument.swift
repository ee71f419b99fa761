/// Everything the queries page shows, as plain values: the samples a person is asked to label.
///
/// Each `QueryView` is one queried sample with the model's guess; a sample that is an image is
/// shown in the page's figure, any other beside the mean of each class, feature by feature, so
/// that a person can judge it. `HTMLReportRenderer` renders it with `queries.mustache`.
public struct QueriesDocument: PageDocument, Equatable {
  public static let page = HTMLReportRenderer.Page.queries

  /// The title, run card, warnings, downloads (`queries.csv`) and footer.
  public var frame: PageFrame
  /// One paragraph that says what was asked and why.
  public var summary: String
  /// The command to run once the answers are filled in.
  public var nextCommand: String
  /// The queried samples drawn as images, when they are images.
  public var figures: [FigureReference]
  /// The feature names, for the values table of samples that are not images.
  public var featureNames: [String]
  /// The class names, in the order of `QueryView.classMeans`.
  public var classNames: [String]
  /// The queried samples, first asked first.
  public var queries: [QueryView]

  public init(
    frame: PageFrame, summary: String, nextCommand: String, figures: [FigureReference],
    featureNames: [String], classNames: [String], queries: [QueryView]
  ) {
    self.frame = frame
    self.summary = summary
    self.nextCommand = nextCommand
    self.figures = figures
    self.featureNames = featureNames
    self.classNames = classNames
    self.queries = queries
  }
}

/// One queried sample: the model's guess, and the sample's values.
public struct QueryView: Sendable, Equatable {
  /// The sample, its rank (1 for the first asked about), its 0-based data row in the file
  /// (`sourceIndex`, as `source_index`), the model's guess and its uncertainty.
  public var sample: UncertainSample
  /// The sample's feature values as read (before any scaling); empty for an image.
  public var values: [Double]
  /// Per class (in `QueriesDocument.classNames` order), the mean of each feature over the
  /// labeled samples of that class; nil for a class without labeled samples.
  public var classMeans: [[Double]?]

  public init(sample: UncertainSample, values: [Double], classMeans: [[Double]?]) {
    self.sample = sample
    self.values = values
    self.classMeans = classMeans
  }
}
