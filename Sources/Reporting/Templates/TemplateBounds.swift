/// Checks over the templates as they include each other, made when they are loaded.
///
/// They make rendering a page always end and stay small:
/// - no template includes itself, directly or through other partials (Mustache would recurse
///   until the stack overflows);
/// - sections nest at most `maximumDepth` deep, counting through partials;
/// - the templates with every partial written out in place are at most `maximumExpandedBytes`
///   (partials that include others twice double at every level).
///
/// How many list items a page may render is bounded when it is rendered (`RenderBudget`).
enum TemplateBounds {
  static let maximumDepth = 8
  static let maximumExpandedBytes = 4 << 20

  /// One loaded template: its file, its size and what the scan found.
  struct Entry {
    let path: String
    let bytes: Int
    let scan: TemplateScan
  }

  static func check(_ entries: [String: Entry]) throws(ReportingError) {
    // Depth-first over the inclusions: 0 unvisited, 1 on the current path, 2 done.
    var state: [String: Int] = [:]
    var depth: [String: Int] = [:]
    var expanded: [String: Int] = [:]
    for name in entries.keys.sorted() {
      var path: [String] = []
      try visit(
        name, entries: entries, state: &state, path: &path, depth: &depth, expanded: &expanded)
    }
  }

  private static func visit(
    _ name: String, entries: [String: Entry], state: inout [String: Int], path: inout [String],
    depth: inout [String: Int], expanded: inout [String: Int]
  ) throws(ReportingError) {
    guard let entry = entries[name], state[name, default: 0] != 2 else { return }
    if state[name] == 1 {
      let cycle = path[(path.firstIndex(of: name) ?? 0)...] + [name]
      throw .partialCycle(paths: cycle.map { entries[$0]?.path ?? $0 })
    }
    state[name] = 1
    path.append(name)
    var deepest = entry.scan.deepest
    var size = entry.bytes
    for partial in entry.scan.partials where entries[partial.name] != nil {
      try visit(
        partial.name, entries: entries, state: &state, path: &path, depth: &depth,
        expanded: &expanded)
      let through = partial.depth + depth[partial.name, default: 0]
      if through > deepest.depth { deepest = (through, partial.line) }
      size = min(size + expanded[partial.name, default: 0], maximumExpandedBytes + 1)
    }
    if deepest.depth > maximumDepth {
      throw .nestingTooDeep(path: entry.path, line: deepest.line, depth: deepest.depth)
    }
    if size > maximumExpandedBytes {
      throw .templatesTooLarge(path: entry.path)
    }
    path.removeLast()
    state[name] = 2
    depth[name] = deepest.depth
    expanded[name] = size
  }
}
