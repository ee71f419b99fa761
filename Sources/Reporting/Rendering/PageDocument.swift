/// A page `HTMLReportRenderer` can write: a plain `Sendable` description of what it shows.
///
/// Every page goes through one pipeline: the document's `frame` becomes the parts all pages
/// share (title, run card, warnings, downloads, footer), `content()` checks and formats the
/// page's own values, and the two are rendered together with the page's template
/// (`Page.templateName`). A new page is a document type conforming to this protocol, the view
/// its `content()` makes, its template, and a case of `HTMLReportRenderer.Page`.
public protocol PageDocument: Sendable {
  /// The page, and with it the template it is rendered with.
  static var page: HTMLReportRenderer.Page { get }

  /// What the page shows around its own content.
  var frame: PageFrame { get }

  /// The page's own values, checked and formatted for its template.
  ///
  /// Throws `ReportingError.invalidDocument` for values the page cannot show.
  func content() throws(ReportingError) -> PageContent
}

/// A page's own values as its template reads them, and the figures it shows.
///
/// Made inside this library only: each page writes its view as data (`TemplateView`), the
/// names its template uses with their values.
public struct PageContent {
  /// The page's view, beside the frame's values at the top level of the template.
  let view: TemplateView
  /// The figures of the page, in the order of its files; those with a file to download are
  /// listed under the downloads.
  let figures: [PageFigure]
}
