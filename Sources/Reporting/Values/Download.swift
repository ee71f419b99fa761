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
