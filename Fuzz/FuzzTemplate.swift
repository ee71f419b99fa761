// libFuzzer harness: custom templates over a fixed document. Whatever the templates are,
// loading either refuses them with a ReportingError or gives a library whose render ends
// (no crash, no stack overflow, within its budget), and no value of the document ever
// reaches the page unescaped. Built by scripts/fuzz with the Reporting sources and the
// swift-mustache sources.
//
// The input is up to three templates separated by NUL bytes: report.mustache,
// partials/p.mustache and partials/q.mustache.

import Foundation

/// The fixed document: every value holds the marker tag `<x-fuzz ...>`, quotes and a
/// combining mark after a quote, in nested lists and sections. It is written as pages write
/// theirs, a `TemplateView` (what a template reads), so it reaches Mustache as theirs do.
private let values: TemplateView = [
  "title": "<x-fuzz title=\"1\">'&amp;\"\u{301}",
  "items": (0..<4).map { index in
    [
      "name": "<x-fuzz item\(index)>", "flag": index % 2 == 0,
      "values": ["<x-fuzz>a", "\"\u{301}<x-fuzz b>", "plain \(index)"],
    ] as TemplateView
  },
  "empty": [TemplateView](),
  "count": 3,
  "nested": ["inner": ["<x-fuzz deep>", "x"]] as TemplateView,
]

private let folder: URL = {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("fuzz-template-\(getpid())", isDirectory: true)
  try? FileManager.default.createDirectory(
    at: url.appendingPathComponent("partials"), withIntermediateDirectories: true)
  return url
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplate(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let bytes = UnsafeRawBufferPointer(start: start, count: count)
  let parts = bytes.split(separator: 0, maxSplits: 2, omittingEmptySubsequences: false)
  let names = ["report.mustache", "partials/p.mustache", "partials/q.mustache"]
  var texts: [String] = []
  for (index, name) in names.enumerated() {
    let text = index < parts.count ? String(decoding: parts[index], as: UTF8.self) : ""
    texts.append(text)
    try? text.write(to: folder.appendingPathComponent(name), atomically: false, encoding: .utf8)
  }
  let renderer: HTMLReportRenderer
  do {
    renderer = try HTMLReportRenderer(templatesDirectory: folder, pages: [.report])
  } catch {
    return 0
  }
  let html: String
  do {
    html = try renderer.render(
      values, page: .report, missing: .mainTemplateMissing(path: folder.path), items: 20_000)
  } catch {
    return 0
  }
  // The templates may write the marker themselves; only the document's must be escaped.
  if !texts.contains(where: { $0.contains("x-fuzz") }), html.contains("<x-fuzz") {
    fatalError("a value of the document reached the page unescaped")
  }
  return 0
}
