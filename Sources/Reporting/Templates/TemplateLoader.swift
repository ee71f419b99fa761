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
/// - no `{{% ...}}` pragma, which could switch escaping off, and no partial named by the data
///   (`{{> *name}}`), which could be any template;
/// - every partial it includes exists, none includes itself (directly or through others),
///   sections nest at most 8 deep and the templates stay small (`TemplateBounds`).
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
    var entries: [String: TemplateBounds.Entry] = [:]
    while !pending.isEmpty {
      let name = pending.removeFirst()
      let path = directoryPath + "/" + name + ".mustache"
      let text = try read(path)
      let scan = try TemplateScan(text: text, path: path)
      inclusions += scan.partials.map { (path, $0.line, $0.name) }
      entries[name] = TemplateBounds.Entry(path: path, bytes: text.utf8.count, scan: scan)
      // Its partials are loaded next (cycles among them are refused below, not followed).
      for partial in scan.partials where existing.contains(partial.name) {
        if !requested.contains(partial.name) {
          requested.insert(partial.name)
          pending.append(partial.name)
        }
      }
      try parse(text, path: path, name: name, into: &templates, taken: existing)
    }
    for inclusion in inclusions where templates[inclusion.partial] == nil {
      throw .partialMissing(path: inclusion.path, line: inclusion.line, partial: inclusion.partial)
    }
    try TemplateBounds.check(entries)
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
