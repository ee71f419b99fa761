/// Adds the figure's text to Cairo's SVG output, which draws every glyph as an outline
/// (`<symbol>` paths placed with `<use>`) and so contains no searchable text.
///
/// Right after the root `<svg>` start tag come a `<title>`, a `<desc>` with the
/// description and every string drawn in the figure, and a Dublin Core `<metadata>`
/// block: the standard SVG way to give a graphic a text alternative, which screen readers,
/// search and browsers' tooltips use. The picture itself is unchanged, except that
/// embedded images are asked to be scaled without smoothing.
enum SVGAnnotation {
  static func annotate(
    _ svg: [UInt8], title: String, metadata: FigureMetadata, texts: [String]
  ) -> [UInt8] {
    guard let insertion = endOfRootStartTag(svg) else { return svg }
    var description = metadata.description
    if !texts.isEmpty {
      description += (description.isEmpty ? "" : "\n") + "Text in the figure: " + joined(texts)
    }
    var block = "\n"
    if !title.isEmpty {
      block += "<title>\(escaped(title))</title>\n"
    }
    if !description.isEmpty {
      block += "<desc>\(escaped(description))</desc>\n"
    }
    block += "<metadata>\n"
    block += "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\""
    block += " xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
    block += "<rdf:Description rdf:about=\"\">\n"
    block += "<dc:format>image/svg+xml</dc:format>\n"
    for (element, value) in [
      ("dc:title", title), ("dc:creator", metadata.software),
      ("dc:description", metadata.description),
    ] where !value.isEmpty {
      block += "<\(element)>\(escaped(value))</\(element)>\n"
    }
    block += "</rdf:Description>\n</rdf:RDF>\n</metadata>"
    var result = Array(svg[..<insertion])
    result += Array(block.utf8)
    result += svg[insertion...]
    return pixelatingImages(result)
  }

  /// Adds matplotlib's `image-rendering` style to every `<image>`, asking viewers to
  /// scale embedded rasters without smoothing.
  static func pixelatingImages(_ svg: [UInt8]) -> [UInt8] {
    let tag = Array("<image ".utf8)
    let style = Array("style=\"image-rendering:crisp-edges;image-rendering:pixelated\" ".utf8)
    var result: [UInt8] = []
    result.reserveCapacity(svg.count + 1024)
    var index = 0
    while index < svg.count {
      if svg[index] == tag[0], index + tag.count <= svg.count,
        svg[index..<(index + tag.count)].elementsEqual(tag)
      {
        result += tag
        result += style
        index += tag.count
      } else {
        result.append(svg[index])
        index += 1
      }
    }
    return result
  }

  /// The strings of a figure as one line: separated by "; ", line breaks as spaces.
  static func joined(_ texts: [String]) -> String {
    texts.map { $0.split(separator: "\n").joined(separator: " ") }.joined(separator: "; ")
  }

  /// Text with the five XML special characters escaped, usable in content and attributes.
  static func escaped(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&apos;"
      default: result.append(character)
      }
    }
    return result
  }

  /// The index just past the `>` of the root `<svg ...>` start tag.
  private static func endOfRootStartTag(_ svg: [UInt8]) -> Int? {
    let open = Array("<svg".utf8)
    guard svg.count > open.count else { return nil }
    for start in 0...(svg.count - open.count)
    where svg[start..<(start + open.count)].elementsEqual(open) {
      guard let close = svg[start...].firstIndex(of: UInt8(ascii: ">")) else { return nil }
      return close + 1
    }
    return nil
  }
}
