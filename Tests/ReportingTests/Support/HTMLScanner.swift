import Foundation
import Reporting

/// A small, strict reader of the HTML the renderer writes: element and attribute names, attribute
/// values and visible text.
///
/// It is not a browser's parser; it is stricter. Anything a browser might read as markup that
/// the templates do not write (a `<` or `>` in text, an unquoted attribute value, a comment) is
/// reported as a problem instead of being guessed at, so an injected tag cannot hide from it.
struct HTMLScanner {
  /// Names of the elements that start somewhere in the page, in lower case.
  var elements: Set<String> = []
  /// Names of the attributes used anywhere in the page, in lower case.
  var attributes: Set<String> = []
  /// Values of the attributes, with character references decoded.
  var attributeValues: [(name: String, value: String)] = []
  /// Text outside tags (and outside `<style>`), each run decoded, in page order.
  var textRuns: [String] = []
  /// What the scanner refused to read, with the offset where it happened.
  var problems: [String] = []

  init(_ html: String) {
    let scalars = Array(html.unicodeScalars)
    var position = 0
    var text = ""
    func flushText() {
      if !text.isEmpty { textRuns.append(HTMLEscaping.unescape(text)) }
      text = ""
    }
    while position < scalars.count {
      let scalar = scalars[position]
      if scalar == ">" {
        problems.append("raw > in text at \(position)")
        position += 1
      } else if scalar != "<" {
        text.unicodeScalars.append(scalar)
        position += 1
      } else {
        flushText()
        position = readTag(scalars, from: position)
      }
    }
    flushText()
  }

  /// All visible text, runs joined without separators.
  var visibleText: String { textRuns.joined() }

  private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
    (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
      || (scalar >= "0" && scalar <= "9") || scalar == "-"
  }

  private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
    scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" || scalar == "\u{C}"
  }

  /// Reads the tag starting at `start` (a `<`) and returns the offset after it.
  private mutating func readTag(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
    var position = start + 1
    guard position < scalars.count else {
      problems.append("< at end of page")
      return position
    }
    if scalars[position] == "!" {
      let doctype = String(
        String.UnicodeScalarView(scalars[position..<min(position + 8, scalars.count)]))
      guard doctype.lowercased() == "!doctype" else {
        problems.append("comment or declaration at \(start)")
        return position
      }
      while position < scalars.count, scalars[position] != ">" { position += 1 }
      return position + 1
    }
    let isEndTag = scalars[position] == "/"
    if isEndTag { position += 1 }
    var name = ""
    while position < scalars.count, Self.isNameScalar(scalars[position]) {
      name.unicodeScalars.append(scalars[position])
      position += 1
    }
    guard let first = name.unicodeScalars.first,
      (first >= "a" && first <= "z") || (first >= "A" && first <= "Z")
    else {
      problems.append("raw < in text at \(start)")
      return start + 1
    }
    name = name.lowercased()
    if isEndTag {
      while position < scalars.count, Self.isSpace(scalars[position]) { position += 1 }
      guard position < scalars.count, scalars[position] == ">" else {
        problems.append("malformed end tag </\(name) at \(start)")
        return position
      }
      return position + 1
    }
    elements.insert(name)
    while position < scalars.count {
      while position < scalars.count, Self.isSpace(scalars[position]) { position += 1 }
      guard position < scalars.count else { break }
      if scalars[position] == ">" {
        position += 1
        break
      }
      if scalars[position] == "/", position + 1 < scalars.count, scalars[position + 1] == ">" {
        position += 2
        break
      }
      var attribute = ""
      while position < scalars.count,
        !Self.isSpace(scalars[position])
          && !["=", ">", "\"", "'", "<", "/"].contains(scalars[position])
      {
        attribute.unicodeScalars.append(scalars[position])
        position += 1
      }
      guard !attribute.isEmpty else {
        problems.append("unexpected \(scalars[position]) in <\(name)> at \(position)")
        return position + 1
      }
      attribute = attribute.lowercased()
      attributes.insert(attribute)
      while position < scalars.count, Self.isSpace(scalars[position]) { position += 1 }
      guard position < scalars.count, scalars[position] == "=" else {
        attributeValues.append((attribute, ""))
        continue
      }
      position += 1
      while position < scalars.count, Self.isSpace(scalars[position]) { position += 1 }
      guard position < scalars.count, scalars[position] == "\"" || scalars[position] == "'" else {
        problems.append("unquoted value of \(attribute) in <\(name)> at \(position)")
        return position
      }
      let quote = scalars[position]
      position += 1
      var value = ""
      while position < scalars.count, scalars[position] != quote {
        if scalars[position] == "<" {
          problems.append("raw < in value of \(attribute) at \(position)")
        }
        value.unicodeScalars.append(scalars[position])
        position += 1
      }
      position += 1
      attributeValues.append((attribute, HTMLEscaping.unescape(value)))
    }
    if name == "style" {
      let end = Array("</style>".unicodeScalars)
      while position + end.count <= scalars.count,
        Array(scalars[position..<position + end.count]) != end
      {
        position += 1
      }
    }
    return position
  }
}

extension String {
  /// Whether `other` occurs in this string scalar for scalar (no Unicode equivalence, no
  /// grapheme boundaries), so a string that starts with a combining mark is found too.
  func containsScalars(_ other: String) -> Bool {
    let haystack = Array(unicodeScalars)
    let needle = Array(other.unicodeScalars)
    guard !needle.isEmpty else { return true }
    guard haystack.count >= needle.count else { return false }
    for start in 0...(haystack.count - needle.count)
    where haystack[start..<start + needle.count].elementsEqual(needle) {
      return true
    }
    return false
  }

  /// Number of times `other` occurs, without overlaps.
  func occurrences(of other: String) -> Int {
    components(separatedBy: other).count - 1
  }
}
