import Foundation

/// The tags of a template that matter before parsing: the partials it includes, how deep its
/// sections nest, and any tag that could insert text unescaped or switch escaping off.
struct TemplateScan {
  /// Each included partial, with the line and the depth of sections around the inclusion.
  var partials: [(name: String, line: Int, depth: Int)] = []
  /// The deepest nesting of sections (`{{#`, `{{^`, `{{$`, `{{<`) and the line it is reached on.
  var deepest = (depth: 0, line: 1)

  init(text: String, path: String) throws(ReportingError) {
    let scalars = Array(text.unicodeScalars)
    var line = 1
    var position = 0
    var depth = 0
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
      case "%":
        // `{{% CONTENT_TYPE: TEXT}}` would turn escaping off for the rest of the template.
        throw .pragma(path: path, line: line, tag: Self.tag(scalars, from: position))
      case "!":
        // A comment renders nothing: what it holds is not a tag.
        var cursor = sigil + 1
        while cursor + 1 < scalars.count, !(scalars[cursor] == "}" && scalars[cursor + 1] == "}") {
          if scalars[cursor] == "\n" { line += 1 }
          cursor += 1
        }
        position = cursor
        continue
      case ">", "<":
        var name = ""
        var cursor = sigil + 1
        while cursor < scalars.count, scalars[cursor] != "}" {
          name.unicodeScalars.append(scalars[cursor])
          cursor += 1
        }
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("*") {
          // The data would choose the template: any of them, this one too.
          throw .dynamicPartial(path: path, line: line, tag: Self.tag(scalars, from: position))
        }
        partials.append((trimmed, line, depth))
        if scalars[sigil] == "<" { depth += 1 }
      case "#", "^", "$":
        depth += 1
      case "/":
        depth = max(0, depth - 1)
      default:
        break
      }
      if depth > deepest.depth { deepest = (depth, line) }
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
