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
