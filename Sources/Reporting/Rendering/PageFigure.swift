/// A figure as the `partials/figure` template reads it, and as the downloads list it.
struct PageFigure: Encodable {
  struct Alternate: Encodable {
    var format: String
    var href: String
  }

  var src: String
  /// `src 1x, FILE@2x.png 2x` when a high-density copy exists.
  var srcset: String?
  var figureLink: String?
  var alt: String
  var width: Int
  var height: Int
  var figureCaption: String?
  var alternates: [Alternate]
  var hasAlternates: Bool
  var fileName: String
  var heading: String
  var primaryFormat: String

  /// `reference` for the page; `heading` names it in the downloads.
  init(_ reference: FigureReference, heading: String) {
    let link = RelativeLink.encode(reference.href)
    let alternates = reference.alternates.map {
      Alternate(format: $0.format, href: RelativeLink.encode($0.href))
    }
    src = reference.dataURI ?? link
    srcset = reference.highDensity.map {
      "\(link) 1x, \(RelativeLink.encode($0.href)) \($0.density)"
    }
    figureLink = reference.dataURI == nil ? link : nil
    alt = reference.alt
    width = reference.width
    height = reference.height
    figureCaption = reference.caption
    self.alternates = alternates
    hasAlternates = !alternates.isEmpty
    fileName = reference.href
    self.heading = heading
    primaryFormat = Self.format(ofFile: reference.href)
  }

  /// Refuses figures without a positive size.
  static func validate(_ figures: [FigureReference]) throws(ReportingError) {
    for figure in figures where figure.width <= 0 || figure.height <= 0 {
      throw .invalidDocument(
        reason: "figure \(figure.href) has size \(figure.width)x\(figure.height); "
          + "width and height must be positive")
    }
  }

  /// The file's extension in capitals (`PNG`), or `File` without one.
  private static func format(ofFile name: String) -> String {
    let fileName = name.split(separator: "/").last.map(String.init) ?? name
    guard let dot = fileName.lastIndex(of: "."), fileName.index(after: dot) < fileName.endIndex
    else { return "File" }
    return fileName[fileName.index(after: dot)...].uppercased()
  }
}
