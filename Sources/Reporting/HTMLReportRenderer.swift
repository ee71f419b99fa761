import Foundation
import Mustache

/// Renders a `ReportDocument` as a single HTML page through the templates in a folder.
///
/// The folder holds `report.mustache` and any partials it includes (see `TemplateLoader` for
/// how they are named and checked). Loading happens once, in `init`; `render` only fills in
/// values, so one renderer can render many documents, from any thread.
public struct HTMLReportRenderer: Sendable {
  /// The folder the templates were loaded from.
  public let templatesDirectory: URL
  let library: MustacheLibrary

  /// Loads and checks the templates in `templatesDirectory`.
  ///
  /// Throws when the folder or `report.mustache` is missing, when a template cannot be read or
  /// parsed, uses an unescaped tag, or includes a partial that is not there.
  public init(templatesDirectory: URL) throws(ReportingError) {
    self.templatesDirectory = templatesDirectory
    library = try TemplateLoader.load(from: templatesDirectory)
  }

  /// The page for `document`, as HTML text.
  ///
  /// Every string of the document reaches the page through `{{name}}` tags, escaped with
  /// `HTMLEscaping.escape`; the page loads nothing from the network. Throws
  /// `ReportingError.invalidDocument` for values the page cannot show (an accuracy outside 0...1,
  /// a figure without a positive size).
  public func render(_ document: ReportDocument) throws(ReportingError) -> String {
    let page = try ReportPage(document)
    guard let html = library.render(page, withTemplate: TemplateLoader.mainTemplate) else {
      throw .mainTemplateMissing(path: templatesDirectory.standardizedFileURL.path)
    }
    return html
  }
}
