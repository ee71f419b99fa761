/// A classification report: precision, recall, F1 and support per class and on average.
///
/// The rows mirror scikit-learn's `classification_report`: one per class, then the summary rows
/// (`accuracy` with only an F1 value, `macro avg`, `weighted avg`). The renderer formats the
/// numbers with `%.<digits>f`, the same rounding of the binary value as scikit-learn's text.
public struct ReportTable: Sendable, Equatable {
  /// The rows in the order they are shown.
  public var rows: [ReportRow]
  /// Decimal places of precision, recall and F1 (scikit-learn's `digits`).
  public var digits: Int

  public init(rows: [ReportRow], digits: Int = 2) {
    self.rows = rows
    self.digits = digits
  }
}

/// One line of a classification report.
public struct ReportRow: Sendable, Equatable {
  /// Whether the row is a class or an aggregate over classes.
  public enum Kind: String, Sendable, Equatable {
    /// One class.
    case perClass
    /// `accuracy`, `macro avg`, `weighted avg` or `micro avg`.
    case summary
  }

  /// The class label, or the summary row's name.
  public var label: String
  /// Precision; nil leaves the cell empty, as in the `accuracy` row.
  public var precision: Double?
  /// Recall; nil leaves the cell empty.
  public var recall: Double?
  /// F1 score (the accuracy itself in the `accuracy` row).
  public var f1Score: Double?
  /// Number of true samples the row covers.
  public var support: Int
  /// Class or summary.
  public var kind: Kind

  public init(
    label: String, precision: Double?, recall: Double?, f1Score: Double?, support: Int, kind: Kind
  ) {
    self.label = label
    self.precision = precision
    self.recall = recall
    self.f1Score = f1Score
    self.support = support
    self.kind = kind
  }
}
