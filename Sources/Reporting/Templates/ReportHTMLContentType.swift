import Foundation
import Mustache

/// The escaping of `{{x}}` in the report's templates: `HTMLEscaping.escape`.
///
/// Mustache's own HTML escaping looks each `Character` up in a table, so a quote or `<` that a
/// combining mark joins into one `Character` (`"\u{301}`) is written as it is, and such a quote
/// ends an attribute value. This content type escapes scalar by scalar instead. Content types
/// are registered by name for the whole process; the name is this library's own, so no other
/// user of Mustache is affected.
struct ReportHTMLContentType: MustacheContentType {
  /// The name the `{{% CONTENT_TYPE: ...}}` pragma refers to.
  static let name = "REPORTING_HTML"

  private static let registration: Bool = {
    MustacheContentTypes.register(ReportHTMLContentType(), named: name)
    return true
  }()

  /// Registers the content type the first time it is called; later calls do nothing.
  static func registerOnce() {
    _ = registration
  }

  func escapeText(_ text: String) -> String {
    HTMLEscaping.escape(text)
  }
}
