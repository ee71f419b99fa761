import Foundation
import XCTest

@testable import Reporting

/// Custom templates that could switch escaping off, recurse forever, or grow without bound.
final class TemplateBoundsTests: XCTestCase {
  private var folder: URL!

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("TemplateBoundsTests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try FileManager.default.removeItem(at: folder)
  }

  private func write(_ text: String, to name: String) throws {
    let file = folder.appendingPathComponent(name)
    try FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: file, atomically: true, encoding: .utf8)
  }

  private func path(_ name: String) -> String {
    folder.standardizedFileURL.path + "/" + name
  }

  private func loadingError(file: StaticString = #filePath, line: UInt = #line) -> ReportingError? {
    do {
      _ = try HTMLReportRenderer(templatesDirectory: folder)
      XCTFail("templates loaded", file: file, line: line)
      return nil
    } catch {
      return error
    }
  }

  /// Every pragma is refused, naming the file.
  ///
  /// `{{% CONTENT_TYPE: TEXT}}` in a partial turned escaping off for it: links and styles
  /// from the data reached the page.
  func testPragmaInAPartialIsRefused() throws {
    try write("<p>{{> partials/card}}</p>\n", to: "report.mustache")
    try write("{{% CONTENT_TYPE: TEXT}}\n<b>{{title}}</b>\n", to: "partials/card.mustache")
    let error = loadingError()
    XCTAssertEqual(
      error,
      .pragma(
        path: path("partials/card.mustache"), line: 1, tag: "{{% CONTENT_TYPE: TEXT}}"))
    XCTAssertTrue(error?.description.contains("partials/card.mustache") ?? false)
  }

  func testPragmaInTheMainTemplateIsRefused() throws {
    try write("a\n{{%CONTENT_TYPE:TEXT}}{{title}}\n", to: "report.mustache")
    guard case .pragma(let file, 2, _) = loadingError() else {
      return XCTFail("no pragma error")
    }
    XCTAssertEqual(file, path("report.mustache"))
  }

  /// A partial that includes itself made rendering recurse until the stack overflowed (SIGSEGV).
  func testPartialIncludingItselfIsRefused() throws {
    try write("{{> partials/loop}}\n", to: "report.mustache")
    try write("x {{#items}}{{> partials/loop}}{{/items}}\n", to: "partials/loop.mustache")
    XCTAssertEqual(
      loadingError(),
      .partialCycle(paths: [path("partials/loop.mustache"), path("partials/loop.mustache")]))
  }

  func testCycleThroughOtherPartialsNamesEveryFile() throws {
    try write("{{> partials/a}}\n", to: "report.mustache")
    try write("a {{> partials/b}}\n", to: "partials/a.mustache")
    try write("b {{> partials/c}}\n", to: "partials/b.mustache")
    try write("c {{> partials/a}}\n", to: "partials/c.mustache")
    let error = loadingError()
    XCTAssertEqual(
      error,
      .partialCycle(paths: ["a", "b", "c", "a"].map { path("partials/\($0).mustache") }))
    for name in ["a", "b", "c"] {
      XCTAssertTrue(error?.description.contains("partials/\(name).mustache") ?? false, name)
    }
  }

  func testPartialNamedByTheDataIsRefused() throws {
    try write("{{> *which}}\n", to: "report.mustache")
    guard case .dynamicPartial(let file, 1, "{{> *which}}") = loadingError() else {
      return XCTFail("no dynamic partial error")
    }
    XCTAssertEqual(file, path("report.mustache"))
  }

  /// Eight levels are allowed, a ninth through a partial is not.
  func testSectionsNestAtMostEightDeep() throws {
    let open = (0..<5).map { "{{#s\($0)}}" }.joined()
    let close = (0..<5).reversed().map { "{{/s\($0)}}" }.joined()
    try write("\(open)\n{{> partials/inner}}\n\(close)\n", to: "report.mustache")
    try write("{{#a}}{{#b}}{{#c}}x{{/c}}{{/b}}{{/a}}\n", to: "partials/inner.mustache")
    XCTAssertNoThrow(try HTMLReportRenderer(templatesDirectory: folder))
    try write("{{#a}}{{#b}}{{#c}}{{#d}}x{{/d}}{{/c}}{{/b}}{{/a}}\n", to: "partials/inner.mustache")
    XCTAssertEqual(
      loadingError(), .nestingTooDeep(path: path("report.mustache"), line: 2, depth: 9))
  }

  /// Partials that each include the next one twice double at every level.
  func testPartialsThatDoubleAreRefused() throws {
    try write("{{> partials/p0}}\n", to: "report.mustache")
    let filler = String(repeating: "x", count: 100)
    for level in 0..<20 {
      try write(
        "\(filler){{> partials/p\(level + 1)}}{{> partials/p\(level + 1)}}\n",
        to: "partials/p\(level).mustache")
    }
    try write("end\n", to: "partials/p20.mustache")
    guard case .templatesTooLarge = loadingError() else { return XCTFail("loaded") }
  }

  /// Eight nested sections over a list of ten are 10⁸ items: the render stops at the
  /// budget and throws, instead of growing without bound (a budget of 20,000 here, for
  /// time; pages have `RenderBudget.maximumItems`).
  func testNestedSectionsStopAtTheBudget() throws {
    let open = String(repeating: "{{#rows}}", count: 8)
    let close = String(repeating: "{{/rows}}", count: 8)
    try write("\(open){{title}}\(close)\n", to: "report.mustache")
    let renderer = try HTMLReportRenderer(templatesDirectory: folder)
    let values: TemplateView = ["rows": Array(0..<10), "title": "<t>"]
    XCTAssertThrowsError(
      try renderer.render(
        values, page: .report, missing: .mainTemplateMissing(path: ""), items: 20_000)
    ) { error in
      guard case .pageTooLarge(let page, let reason) = error as? ReportingError else {
        return XCTFail("\(error)")
      }
      XCTAssertEqual(page, "report.html")
      XCTAssertTrue(reason.contains("20000 list items"), reason)
    }
    // Two levels are 100 items and render, escaped.
    try write("{{#rows}}{{#rows}}{{title}}{{/rows}}{{/rows}}\n", to: "report.mustache")
    let small = try HTMLReportRenderer(templatesDirectory: folder).render(
      values, page: .report, missing: .mainTemplateMissing(path: ""))
    XCTAssertEqual(small, String(repeating: "&lt;t&gt;", count: 100) + "\n")
  }

  /// The project's templates are within every bound.
  func testProjectTemplatesLoad() throws {
    XCTAssertNoThrow(try HTMLReportRenderer(templatesDirectory: TestDocuments.templatesDirectory))
  }
}
