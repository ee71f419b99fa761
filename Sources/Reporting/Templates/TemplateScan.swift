import Foundation

/// The tags of a template that matter before parsing: the partials it includes, and any tag
/// that would insert text unescaped.
struct TemplateScan {
  var partials: [(name: String, line: Int)] = []
  /// Whether it includes a partial whose name comes from the data (`{{> *name}}`).
  var includesDynamicPartial = false

  init(text: String, path: String) throws(ReportingError) {
    let scalars = Array(text.unicodeScalars)
    var line = 1
    var position = 0
    while position < scalars.count {
      if scalars[position] == "\n" { line += 1 }
      guard scalars[position] == "{", position + 1 < scalars.count, scalars[position + 1] == "{"
      else {
        position += 1
        continue
      }
      var sigil = position + 2
      while sigil < scalars.count, scalars[sigil] == " " || scalars[sigil] == "\t" { sigil += 1 }
      guard sigil < scalars.count else { break }
      switch scalars[sigil] {
      case "{", "&", "=":
        throw .unescapedTag(path: path, line: line, tag: Self.tag(scalars, from: position))
      case ">", "<":
        var name = ""
        var cursor = sigil + 1
        while cursor < scalars.count, scalars[cursor] != "}" {
          name.unicodeScalars.append(scalars[cursor])
          cursor += 1
        }
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("*") {
          includesDynamicPartial = true
        } else {
          partials.append((trimmed, line))
        }
      default:
        break
      }
      position = sigil
    }
  }

  /// The tag starting at `start`, up to and including its closing braces, for messages.
  private static func tag(_ scalars: [Unicode.Scalar], from start: Int) -> String {
    var end = start + 2
    while end + 1 < scalars.count, end - start < 40,
      !(scalars[end] == "}" && scalars[end + 1] == "}")
    {
      end += 1
    }
    end = min(end + 2, scalars.count)
    if end < scalars.count, scalars[end] == "}" { end += 1 }
    var tag = ""
    tag.unicodeScalars.append(contentsOf: scalars[start..<end])
    return tag
  }
}
