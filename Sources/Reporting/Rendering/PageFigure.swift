/// A figure of a page: as the `partials/figure` template reads it, and as the downloads list it
/// under `heading`.
struct PageFigure: TemplateValue {
  let reference: FigureReference
  let heading: String

  /// Whether the downloads list it: a linked figure, or an embedded one with other formats.
  var isDownload: Bool { reference.dataURI == nil || !reference.alternates.isEmpty }

  var templateForm: Any {
    let link = RelativeLink.encode(reference.href)
    let alternates = reference.alternates.map {
      ["format": $0.format, "href": RelativeLink.encode($0.href)] as TemplateView
    }
    let view: TemplateView = [
      "src": reference.dataURI ?? link,
      // `src 1x, FILE@2x.png 2x` when a high-density copy exists.
      "srcset": reference.highDensity.map {
        "\(link) 1x, \(RelativeLink.encode($0.href)) \($0.density)"
      },
      "figureLink": reference.dataURI == nil ? link : nil,
      "alt": reference.alt, "width": reference.width, "height": reference.height,
      "figureCaption": reference.caption,
      "alternates": alternates, "hasAlternates": !alternates.isEmpty,
      "fileName": reference.href, "heading": heading,
      "primaryFormat": Self.format(ofFile: reference.href),
    ]
    return view
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
