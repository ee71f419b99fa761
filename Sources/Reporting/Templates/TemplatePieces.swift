/// Where a template can be cut into pieces that parse to the same output as the whole.
enum TemplatePieces {
  /// Pieces of at least `length` bytes where the template allows (the last may be shorter).
  ///
  /// A cut goes at the start of a line that holds text and no tag, outside every tag (a comment
  /// may run over several lines) and outside every section, inverted section, block and parent
  /// (`{{#`, `{{^`, `{{$`, `{{<` open one, `{{/` closes it). A template whose sections do not
  /// balance is cut nowhere after its first unclosed one, so the parser sees it as written.
  static func split(
    _ text: String, length: Int = 1024
  ) -> [(text: Substring, firstLine: Int)] {
    let bytes = Array(text.utf8)
    var pieces: [(text: Substring, firstLine: Int)] = []
    var pieceStart = 0
    var pieceFirstLine = 1
    var line = 1
    var depth = 0
    var inTag = false
    var lineStart = 0
    while lineStart < bytes.count {
      var lineEnd = lineStart
      while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
      let lineHasTag = (lineStart..<lineEnd).contains { index in
        index + 1 < lineEnd && bytes[index] == UInt8(ascii: "{")
          && bytes[index + 1] == UInt8(ascii: "{")
      }
      // Not a blank line either: the pragma put in front of a piece would stand alone on it,
      // and a tag alone on its line takes the line with it.
      let lineIsBlank = (lineStart..<lineEnd).allSatisfy { index in
        bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t")
          || bytes[index] == UInt8(ascii: "\r")
      }
      if lineStart - pieceStart >= length, depth == 0, !inTag, !lineHasTag, !lineIsBlank {
        pieces.append((substring(text, bytes: pieceStart..<lineStart), pieceFirstLine))
        pieceStart = lineStart
        pieceFirstLine = line
      }
      var index = lineStart
      while index < lineEnd {
        if !inTag, index + 1 < lineEnd, bytes[index] == UInt8(ascii: "{"),
          bytes[index + 1] == UInt8(ascii: "{")
        {
          inTag = true
          var sigil = index + 2
          while sigil < lineEnd,
            bytes[sigil] == UInt8(ascii: " ") || bytes[sigil] == UInt8(ascii: "\t")
          {
            sigil += 1
          }
          if sigil < lineEnd {
            switch bytes[sigil] {
            case UInt8(ascii: "#"), UInt8(ascii: "^"), UInt8(ascii: "$"), UInt8(ascii: "<"):
              depth += 1
            case UInt8(ascii: "/"):
              depth -= 1
            default:
              break
            }
          }
          index += 2
        } else if inTag, index + 1 < lineEnd, bytes[index] == UInt8(ascii: "}"),
          bytes[index + 1] == UInt8(ascii: "}")
        {
          inTag = false
          index += 2
        } else {
          index += 1
        }
      }
      lineStart = lineEnd + 1
      line += 1
    }
    pieces.append((substring(text, bytes: pieceStart..<bytes.count), pieceFirstLine))
    return pieces
  }

  /// The part of `text` between two byte offsets that fall on line starts (or its end).
  private static func substring(_ text: String, bytes range: Range<Int>) -> Substring {
    let utf8 = text.utf8
    let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
    let end = utf8.index(utf8.startIndex, offsetBy: range.upperBound)
    return text[start..<end]
  }
}
