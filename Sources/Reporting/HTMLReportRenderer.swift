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

  /// The pages a renderer renders, each from its own template in the folder.
  public enum Page: String, Sendable, CaseIterable {
    /// `report.mustache`, for `render(_: ReportDocument)`.
    case report
    /// `learning_curve.mustache`, for `render(_: CurveDocument)`.
    case learningCurve = "learning_curve"
    /// `active_learning.mustache`, for `render(_: ActiveLearningDocument)`.
    case activeLearning = "active_learning"
  }

  /// Loads and checks the templates in `templatesDirectory`.
  ///
  /// Throws when the folder or `report.mustache` is missing, when a template cannot be read or
  /// parsed, uses an unescaped tag, or includes a partial that is not there.
  public init(templatesDirectory: URL) throws(ReportingError) {
    self.templatesDirectory = templatesDirectory
    library = try TemplateLoader.load(from: templatesDirectory)
  }

  /// Loads and checks only the templates of `pages` and the partials they include, for a
  /// program that renders those pages alone; the other files of the folder are not read.
  ///
  /// Throws as `init(templatesDirectory:)` does, for the templates it loads. A page whose
  /// template is missing fails when it is rendered, as with every template loaded.
  public init(templatesDirectory: URL, pages: [Page]) throws(ReportingError) {
    self.templatesDirectory = templatesDirectory
    library = try TemplateLoader.load(from: templatesDirectory, roots: pages.map(\.rawValue))
  }

  /// The page for `document`, as HTML text.
  ///
  /// Every string of the document reaches the page through `{{name}}` tags, escaped with
  /// `HTMLEscaping.escape`; the page loads nothing from the network. Throws
  /// `ReportingError.invalidDocument` for values the page cannot show (an accuracy outside 0...1,
  /// a figure without a positive size).
  public func render(_ document: ReportDocument) throws(ReportingError) -> String {
    let page = try ReportPage(document)
    guard
      let html = library.render(
        MustacheTree.page(page), withTemplate: TemplateLoader.mainTemplate)
    else {
      throw .mainTemplateMissing(path: templatesDirectory.standardizedFileURL.path)
    }
    return html
  }
}
