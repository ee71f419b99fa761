import Foundation
import Reporting

extension Download {
  /// The largest file put inside a page that stands alone (`--embed`).
  ///
  /// 2 MB, some 2.7 MB of base64 in the page. A larger file stays beside the page and the page says so. The tests
  /// lower it with `REPORT_TEST_EMBED_LIMIT=BYTES`.
  static var embedLimit: Int {
    ProcessInfo.processInfo.environment["REPORT_TEST_EMBED_LIMIT"].flatMap { Int($0) }
      ?? 2_000_000
  }

  /// A machine-readable file the page offers: linked beside it, or with `embed` inside it as a
  /// `data:` link (JSON as `application/json`, anything else as UTF-8 `text/csv`).
  static func file(_ name: String, contents: String, bytes: [UInt8], embed: Bool) -> Download {
    guard embed else { return Download(href: name, contents: contents, bytes: bytes.count) }
    guard bytes.count <= embedLimit else {
      return Download(href: name, contents: contents, bytes: bytes.count, leftOut: true)
    }
    let type = name.hasSuffix(".json") ? "application/json" : "text/csv;charset=utf-8"
    return Download(
      href: name, contents: contents, bytes: bytes.count,
      dataURI: "data:\(type);base64,\(Data(bytes).base64EncodedString())")
  }
}
