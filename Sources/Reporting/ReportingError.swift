/// A failure to load the report templates or to render a report, described in one line.
///
/// Every case names the file or folder it is about, so the command line can print
/// `String(describing: error)` as it is.
public enum ReportingError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The templates folder does not exist or is not a folder.
  case templatesDirectoryMissing(path: String)
  /// A template file exists but could not be read as UTF-8 text.
  case templateUnreadable(path: String, reason: String)
  /// The templates folder has no `report.mustache`.
  case mainTemplateMissing(path: String)
  /// Mustache could not parse a template; `line` and `column` count from 1.
  case templateSyntax(path: String, line: Int, column: Int, problem: String)
  /// A template uses a tag that would insert text without escaping it
  /// (`{{{x}}}`, `{{&x}}`) or changes the delimiters, which would hide such a tag.
  case unescapedTag(path: String, line: Int, tag: String)
  /// A template includes a partial that is not in the templates folder.
  case partialMissing(path: String, line: Int, partial: String)
  /// A template holds a `{{% ...}}` pragma, which could switch escaping off.
  case pragma(path: String, line: Int, tag: String)
  /// A template includes a partial named by the data (`{{> *name}}`).
  case dynamicPartial(path: String, line: Int, tag: String)
  /// Templates include each other in a cycle; `paths` goes round it, the first file last again.
  case partialCycle(paths: [String])
  /// Sections nest deeper than `TemplateBounds.maximumDepth`, counting through partials.
  case nestingTooDeep(path: String, line: Int, depth: Int)
  /// A template with its partials written out in place is larger than the bound.
  case templatesTooLarge(path: String)
  /// Rendering a page went past one of its bounds (list items, bytes).
  case pageTooLarge(page: String, reason: String)
  /// The document cannot be shown as it is, for example an accuracy outside 0...1.
  case invalidDocument(reason: String)

  public var description: String {
    switch self {
    case .templatesDirectoryMissing(let path):
      "templates folder \(path) does not exist"
    case .templateUnreadable(let path, let reason):
      "cannot read template \(path): \(reason)"
    case .mainTemplateMissing(let path):
      "templates folder \(path) has no report.mustache"
    case .templateSyntax(let path, let line, let column, let problem):
      "template \(path), line \(line), column \(column): \(problem)"
    case .unescapedTag(let path, let line, let tag):
      "template \(path), line \(line): \(tag) is not allowed; write {{name}}, which escapes HTML"
    case .partialMissing(let path, let line, let partial):
      "template \(path), line \(line): partial '\(partial)' has no file \(partial).mustache"
    case .pragma(let path, let line, let tag):
      "template \(path), line \(line): \(tag) is not allowed; pragmas could switch HTML escaping off"
    case .dynamicPartial(let path, let line, let tag):
      "template \(path), line \(line): \(tag) is not allowed; name the partial in the template"
    case .partialCycle(let paths):
      "templates include each other in a cycle: \(paths.joined(separator: " -> "))"
    case .nestingTooDeep(let path, let line, let depth):
      "template \(path), line \(line): sections nest \(depth) deep, counting through partials; "
        + "at most \(TemplateBounds.maximumDepth) are allowed"
    case .templatesTooLarge(let path):
      "template \(path) with its partials written out is over "
        + "\(TemplateBounds.maximumExpandedBytes >> 20) MiB"
    case .pageTooLarge(let page, let reason):
      "cannot render \(page) with these templates: \(reason)"
    case .invalidDocument(let reason):
      "cannot render the report: \(reason)"
    }
  }
}
