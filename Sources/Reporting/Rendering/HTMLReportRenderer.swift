import Foundation
import Mustache

/// Renders the pages (a `PageDocument` of each `PageKind`) as HTML through the templates in a
/// folder.
///
/// The folder holds `report.mustache`, the other pages' templates and the partials they
/// include (see `TemplateLoader` for how they are named and checked). Loading happens once,
/// in `init`; `render` only fills in values, so one renderer can render many documents, from
/// any thread.
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

  /// Loads and checks only the templates of `pages` and the partials they include, for a
  /// program that renders those pages alone; the other files of the folder are not read.
  ///
  /// Throws as `init(templatesDirectory:)` does, for the templates it loads. A page whose
  /// template is missing fails when it is rendered, as with every template loaded.
  public init(templatesDirectory: URL, pages: [Page]) throws(ReportingError) {
    self.templatesDirectory = templatesDirectory
    library = try TemplateLoader.load(from: templatesDirectory, roots: pages.map(\.templateName))
  }

  /// The page for `document`, as HTML text, from its page's template.
  ///
  /// Every string of the document reaches the page through `{{name}}` tags, escaped with
  /// `HTMLEscaping.escape`; the page loads nothing from the network. Throws
  /// `ReportingError.invalidDocument` for values the page cannot show (an accuracy outside
  /// 0...1, a figure without a positive size), `ReportingError.mainTemplateMissing` for a
  /// report without `report.mustache`, and `ReportingError.templateUnreadable` naming the file
  /// for another page whose template the folder does not have.
  public func render<Kind: PageKind>(
    _ document: PageDocument<Kind>
  ) throws(ReportingError) -> String {
    let content = try Kind.content(of: document.values)
    return try render(
      document.frame.view(figures: content.figures).merging(content.view), page: Kind.page,
      missing: Kind.page.templateMissing(in: templatesDirectory))
  }

  /// `values` through `page`'s template, within a `RenderBudget`.
  func render(
    _ values: TemplateView, page: Page, missing: @autoclosure () -> ReportingError,
    items: Int = RenderBudget.maximumItems
  ) throws(ReportingError) -> String {
    let budget = RenderBudget(limit: items)
    guard
      let html = RenderBudget.$current.withValue(
        budget, operation: { library.render(values, withTemplate: page.templateName) })
    else { throw missing() }
    if budget.exceeded {
      throw .pageTooLarge(
        page: page.rawValue + ".html",
        reason: "its sections would repeat more than \(items) list items")
    }
    if html.utf8.count > RenderBudget.maximumBytes {
      throw .pageTooLarge(
        page: page.rawValue + ".html",
        reason: "it would be over \(RenderBudget.maximumBytes >> 20) MiB")
    }
    return html
  }
}
