/// The queries page: the samples a person is asked to label, as plain values.
///
/// Each `Query` is one queried sample with the model's guess; a sample that is an image is
/// shown in the page's figure, any other beside the mean of each class, feature by feature, so
/// that a person can judge it. `HTMLReportRenderer` renders it with `queries.mustache`.
public enum QueriesPage: PageKind {
  public static let page = HTMLReportRenderer.Page.queries

  /// What the page shows beside its frame (whose downloads name `queries.csv`).
  public typealias Values = (
    /// One paragraph that says what was asked and why.
    summary: String,
    /// The command to run once the answers are filled in.
    nextCommand: String,
    /// The queried samples drawn as images, when they are images.
    figures: [FigureReference],
    /// The feature names, for the values table of samples that are not images.
    featureNames: [String],
    /// The class names, in the order of `Query.classMeans`.
    classNames: [String],
    /// The queried samples, first asked first.
    queries: [Query]
  )

  /// One queried sample: the model's guess, and the sample's values.
  public typealias Query = (
    /// The sample, its rank (1 for the first asked about), its 0-based data row in the file
    /// (`sourceIndex`, as `source_index`), the model's guess and its uncertainty.
    sample: UncertainSample,
    /// The sample's feature values as read (before any scaling); empty for an image.
    values: [Double],
    /// Per class (in `classNames` order), the mean of each feature over the labeled samples
    /// of that class; nil for a class without labeled samples.
    classMeans: [[Double]?]
  )
}

/// The queries page to write.
public typealias QueriesDocument = PageDocument<QueriesPage>
