import Foundation
import Mustache

/// Reads a folder of `.mustache` files into a `MustacheLibrary`, refusing unsafe templates.
///
/// Each file is registered under its path relative to the folder without `.mustache`, the same
/// names `MustacheLibrary(directory:)` gives: `report.mustache` is `report`, and
/// `partials/figure.mustache` is included with `{{> partials/figure}}`. The files are read here
/// rather than by `MustacheLibrary(directory:)` so that loading is synchronous, errors name the
/// file, and every template is checked before use:
/// - no tag that inserts text unescaped (`{{{x}}}`, `{{&x}}`), and no delimiter change
///   (`{{=<% %>=}}`) that could hide one;
/// - every partial it includes exists.
///
/// Given root templates, only those and the partials they include (directly or through other
/// partials) are read, checked and parsed: Mustache's parser takes time that grows with the
/// square of a template's length, and a run renders one page.
///
/// Every template is parsed with the `CONTENT_TYPE` pragma of `ReportHTMLContentType` put in
/// front of its first line, so `{{x}}` escapes with `HTMLEscaping.escape` in the page and in
/// each partial (Mustache starts every partial with its own HTML escaping otherwise).
enum TemplateLoader {
  /// The main template's name.
  static let mainTemplate = "report"

  /// The library of templates in `directory`: every one, or with `roots`, those of them that
  /// exist and every partial they include.
  static func load(
    from directory: URL, roots: [String]? = nil
  ) throws(ReportingError) -> MustacheLibrary {
    ReportHTMLContentType.registerOnce()
    let fileManager = FileManager.default
    let directoryPath = directory.standardizedFileURL.path
    var isDirectory: ObjCBool = false
    guard fileManager.fileExists(atPath: directoryPath, isDirectory: &isDirectory),
      isDirectory.boolValue
    else { throw .templatesDirectoryMissing(path: directoryPath) }
    let mainPath = directory.appendingPathComponent(mainTemplate + ".mustache").path
    guard fileManager.fileExists(atPath: mainPath) else {
      throw .mainTemplateMissing(path: directoryPath)
    }

    let available = templateNames(in: directoryPath)
    let existing = Set(available)
    // Names still to load, in order; a root that is not there is left for `render` to report.
    var pending = roots.map { roots in roots.filter(existing.contains) } ?? available
    var requested = Set(pending)
    var templates: [String: MustacheTemplate] = [:]
    var inclusions: [(path: String, line: Int, partial: String)] = []
    while !pending.isEmpty {
      let name = pending.removeFirst()
      let path = directoryPath + "/" + name + ".mustache"
      let text = try read(path)
      let scan = try TemplateScan(text: text, path: path)
      inclusions += scan.partials.map { (path, $0.line, $0.name) }
      try parse(text, path: path, name: name, into: &templates, taken: existing)
      // A partial named at render time (`{{> *name}}`) may be any of them.
      let next = scan.includesDynamicPartial ? available : scan.partials.map(\.name)
      for partial in next where existing.contains(partial) && !requested.contains(partial) {
        requested.insert(partial)
        pending.append(partial)
      }
    }
    for inclusion in inclusions where templates[inclusion.partial] == nil {
      throw .partialMissing(path: inclusion.path, line: inclusion.line, partial: inclusion.partial)
    }
    return MustacheLibrary(templates: templates)
  }

  /// Names of the `.mustache` files under `directoryPath`, relative and without the extension.
  private static func templateNames(in directoryPath: String) -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: directoryPath) else { return [] }
    var names: [String] = []
    for case let relativePath as String in enumerator where relativePath.hasSuffix(".mustache") {
      names.append(String(relativePath.dropLast(".mustache".count)))
    }
    return names.sorted()
  }

  private static func read(_ path: String) throws(ReportingError) -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .templateUnreadable(path: path, reason: "the file cannot be opened")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw .templateUnreadable(path: path, reason: "the file is not UTF-8 text")
    }
    return text
  }

  /// The pragma every template starts with: `{{x}}` escapes with `HTMLEscaping.escape`.
  private static let pragma = "{{% CONTENT_TYPE: \(ReportHTMLContentType.name)}}"

  /// Parses `text` into `templates[name]`, as pieces when it is long.
  ///
  /// Mustache's parser measures the rest of the template, in Characters, at every `{` and at
  /// every tag, so its time grows with the square of the template's length: 12 ms for the
  /// 12 kB report template. A long template is therefore cut at line starts outside every tag
  /// and section (`TemplatePieces`), each piece is registered as a partial of its own, and
  /// `templates[name]` is a template that includes the pieces in order, on one line. An
  /// included partial's text is output as it stands when its tag is not alone on its line, and
  /// each piece begins with a line without tags, so standalone tags and whitespace come out as
  /// in the template read whole: the pages are the same, parsed in a fraction of the time.
  private static func parse(
    _ text: String, path: String, name: String,
    into templates: inout [String: MustacheTemplate], taken: Set<String>
  ) throws(ReportingError) {
    let pieces = TemplatePieces.split(text)
    let names = pieces.indices.map { "?piece/\(name)/\($0)" }
    guard pieces.count > 1, names.allSatisfy({ !taken.contains($0) }) else {
      templates[name] = try parse(text, path: path, firstLine: 1)
      return
    }
    for (piece, pieceName) in zip(pieces, names) {
      templates[pieceName] = try parse(String(piece.text), path: path, firstLine: piece.firstLine)
    }
    templates[name] = try parse(
      names.map { "{{> \($0)}}" }.joined(), path: path, firstLine: 1)
  }

  /// `text`, which starts at line `firstLine` of the file at `path`, parsed as a template.
  private static func parse(
    _ text: String, path: String, firstLine: Int
  ) throws(ReportingError) -> MustacheTemplate {
    do {
      return try MustacheTemplate(string: pragma + text)
    } catch let error as MustacheTemplate.ParserError {
      let context = error.context
      // The pragma sits on line 1 without a newline, so only line 1's columns are shifted.
      let column =
        context.lineNumber == 1 ? max(context.columnNumber - pragma.count, 1) : context.columnNumber
      throw .templateSyntax(
        path: path, line: firstLine - 1 + context.lineNumber, column: column,
        problem: problem(error.error))
    } catch {
      throw .templateSyntax(
        path: path, line: firstLine, column: 1, problem: String(describing: error))
    }
  }

  private static func problem(_ error: any Error) -> String {
    guard let error = error as? MustacheTemplate.Error else { return String(describing: error) }
    switch error {
    case .sectionCloseNameIncorrect: return "a section is closed with a name it was not opened with"
    case .unfinishedName: return "a tag is not closed with }}"
    case .expectedSectionEnd: return "a section is opened and never closed"
    case .invalidSetDelimiter: return "a set-delimiter tag is malformed"
    case .transformAppliedToInheritanceSection:
      return "a transform is applied to an inheritance section"
    case .illegalTokenInsideInheritSection: return "a tag is not allowed inside an inherit section"
    case .textInsideInheritSection: return "text is not allowed inside an inherit section"
    case .invalidConfigVariableSyntax: return "a {{% ...}} pragma is malformed"
    case .unrecognisedConfigVariable: return "a {{% ...}} pragma is not recognised"
    @unknown default: return String(describing: error)
    }
  }
}

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

/// The tags of a template that matter before parsing: the partials it includes, and any tag
/// that would insert text unescaped.
private struct TemplateScan {
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
