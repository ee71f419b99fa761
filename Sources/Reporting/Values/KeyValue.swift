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
