/// One kind of page `HTMLReportRenderer` can write: the values it shows, its template and its
/// view.
///
/// Every page goes through one pipeline: a `PageDocument` holds the page's frame (title, run
/// card, warnings, downloads, footer) and its `Values`; `content(of:)` checks and formats the
/// values, and the two are rendered together with the page's template (`Page.templateName`).
///
/// `Values` is a tuple with a label for each value. A program outside this library builds it
/// as it is, label by label, and Swift checks at every such place that each value is given
/// and of its type; a struct would need an initialiser written out for each page, as Swift
/// makes one only for its own module. A new page is a type conforming to this protocol (a
/// caseless `enum` named after the page), its template and a case of `HTMLReportRenderer.Page`.
public protocol PageKind {
  /// What the page shows besides its frame, as plain values.
  associatedtype Values: Sendable

  /// The page, and with it the template it is rendered with.
  static var page: HTMLReportRenderer.Page { get }

  /// The page's own values, checked and formatted for its template.
  ///
  /// Throws `ReportingError.invalidDocument` for values the page cannot show.
  static func content(of values: Values) throws(ReportingError) -> PageContent
}

/// A page to write: the frame every page shows around its content, and the page's own values.
public struct PageDocument<Kind: PageKind>: Sendable {
  /// What the page shows around its own content.
  public var frame: PageFrame
  /// The page's own values.
  public var values: Kind.Values

  public init(frame: PageFrame, values: Kind.Values) {
    self.frame = frame
    self.values = values
  }
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
