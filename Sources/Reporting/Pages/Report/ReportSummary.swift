/// The parts of the report's opening sentence.
public struct ReportSummary: Sendable, Equatable {
  /// The model, such as `Label Spreading`.
  public var model: String
  /// The kernel, such as `rbf`; nil to leave it out of the sentence.
  public var kernel: String?
  /// The data set, such as `digits` or a CSV file name.
  public var dataset: String
  /// Number of samples the model saw.
  public var samples: Int
  /// Number of samples whose label the model was given.
  public var labeled: Int
  /// Number of samples whose label the model predicted.
  public var unlabeled: Int
  /// Number of classes.
  public var classes: Int

  public init(
    model: String, kernel: String?, dataset: String, samples: Int, labeled: Int, unlabeled: Int,
    classes: Int
  ) {
    self.model = model
    self.kernel = kernel
    self.dataset = dataset
    self.samples = samples
    self.labeled = labeled
    self.unlabeled = unlabeled
    self.classes = classes
  }
}

/// How many samples of one class were labeled, and how many the model predicted.
public struct ClassCount: Sendable, Equatable {
  /// The class label.
  public var label: String
  /// Samples of this class among the labeled ones.
  public var labeled: Int
  /// Unlabeled samples predicted as this class.
  public var predicted: Int
  /// Unlabeled samples truly of this class; nil without ground truth.
  public var actual: Int?

  public init(label: String, labeled: Int, predicted: Int, actual: Int? = nil) {
    self.label = label
    self.labeled = labeled
    self.predicted = predicted
    self.actual = actual
  }
}
