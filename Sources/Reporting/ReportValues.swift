/// A label and its already formatted value, such as a run parameter or a timing.
public struct KeyValue: Sendable, Equatable, Encodable {
  /// What the value is, such as `gamma`.
  public var key: String
  /// The value as it is shown, such as `0.25`.
  public var value: String

  public init(key: String, value: String) {
    self.key = key
    self.value = value
  }
}

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

/// Where the data came from, and how to check it is the same data.
public struct Provenance: Sendable, Equatable {
  /// The data set's name or file name.
  public var source: String
  /// SHA-256 of the data as read, in hexadecimal.
  public var sha256: String?
  /// The data's licence, such as `CC BY 4.0`.
  public var licence: String?
  /// Credit to the data's authors, as one sentence.
  public var attribution: String?
  /// How the file was read and what was done to its rows.
  ///
  /// Delimiter, decimal separator, index and ignored columns, missing values; empty
  /// for built-in data.
  public var reading: [KeyValue]

  public init(
    source: String, sha256: String?, licence: String? = nil, attribution: String? = nil,
    reading: [KeyValue] = []
  ) {
    self.source = source
    self.sha256 = sha256
    self.licence = licence
    self.attribution = attribution
    self.reading = reading
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

/// A machine-readable file written beside the page.
public struct Download: Sendable, Equatable {
  /// The file name shown and linked, relative to the page, such as `metrics.json`.
  public var href: String
  /// What the file holds, in a few words.
  public var contents: String
  /// The file's size in bytes.
  public var bytes: Int

  public init(href: String, contents: String, bytes: Int) {
    self.href = href
    self.contents = contents
    self.bytes = bytes
  }
}
