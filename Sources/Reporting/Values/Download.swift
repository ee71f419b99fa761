/// A machine-readable file written beside the page.
public struct Download: Sendable, Equatable {
  /// The file name shown and linked, relative to the page, such as `metrics.json`.
  public var href: String
  /// What the file holds, in a few words.
  public var contents: String
  /// The file's size in bytes.
  public var bytes: Int
  /// The file inside the page (`data:application/json;base64,...`), for a page that must stand
  /// alone (`--embed`); nil links the file beside the page.
  public var dataURI: String?
  /// True when the page stands alone but the file was too large to put inside it: the page
  /// says so instead of linking it.
  public var leftOut: Bool

  public init(
    href: String, contents: String, bytes: Int, dataURI: String? = nil, leftOut: Bool = false
  ) {
    self.href = href
    self.contents = contents
    self.bytes = bytes
    self.dataURI = dataURI
    self.leftOut = leftOut
  }
}
