import Foundation
import Reporting
import XCTest

final class TemplateErrorTests: XCTestCase {
  private var folder: URL!

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("ReportingTests-\(UUID().uuidString)", isDirectory: true)
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

  /// The error `init` throws for the templates in `folder`, failing the test if there is none.
  private func loadingError(file: StaticString = #filePath, line: UInt = #line) -> ReportingError? {
    do {
      _ = try HTMLReportRenderer(templatesDirectory: folder)
      XCTFail("templates loaded", file: file, line: line)
      return nil
    } catch {
      return error
    }
  }

  func testMissingFolderNamesThePath() throws {
    let missing = folder.appendingPathComponent("no-such-templates")
    XCTAssertThrowsError(try HTMLReportRenderer(templatesDirectory: missing)) { error in
      XCTAssertEqual(error as? ReportingError, .templatesDirectoryMissing(path: missing.path))
      XCTAssertTrue(String(describing: error).contains(missing.path))
    }
  }

  func testFolderWithoutReportTemplateNamesThePath() throws {
    try write("<p>{{title}}</p>", to: "other.mustache")
    let error = try XCTUnwrap(loadingError())
    XCTAssertEqual(error, .mainTemplateMissing(path: folder.standardizedFileURL.path))
    XCTAssertTrue(error.description.contains(folder.standardizedFileURL.path))
    XCTAssertTrue(error.description.contains("report.mustache"))
  }

  func testSyntaxErrorNamesFileAndLine() throws {
    try write("<p>\n{{#rows}}\n<b>{{label}}</b>\n{{/columns}}\n", to: "report.mustache")
    let error = try XCTUnwrap(loadingError())
    let path = folder.standardizedFileURL.appendingPathComponent("report.mustache").path
    guard case .templateSyntax(let errorPath, let line, _, _) = error else {
      return XCTFail("unexpected \(error)")
    }
    XCTAssertEqual(errorPath, path)
    XCTAssertEqual(line, 4)
    XCTAssertTrue(error.description.hasPrefix("template \(path), line 4, column"))
  }

  func testSyntaxErrorInAPartialNamesThePartial() throws {
    try write("{{> partials/row}}", to: "report.mustache")
    try write("{{#open}}never closed", to: "partials/row.mustache")
    let error = try XCTUnwrap(loadingError())
    XCTAssertTrue(error.description.contains("partials/row.mustache"), error.description)
    XCTAssertTrue(
      error.description.contains("never closed") || error.description.contains("line 1"))
  }

  func testUnescapedTagsAreRefused() throws {
    for tag in ["{{{title}}}", "{{&title}}", "{{ & title}}", "{{=<% %>=}}"] {
      try write("<h1>ok</h1>\n<p>\(tag)</p>\n", to: "report.mustache")
      let error = try XCTUnwrap(loadingError())
      guard case .unescapedTag(_, let line, let found) = error else {
        return XCTFail("unexpected \(error) for \(tag)")
      }
      XCTAssertEqual(line, 2)
      XCTAssertEqual(found, tag)
    }
  }

  func testMissingPartialIsReported() throws {
    try write("<p>\n{{> partials/figure}}\n", to: "report.mustache")
    let error = try XCTUnwrap(loadingError())
    XCTAssertEqual(
      error,
      .partialMissing(
        path: folder.standardizedFileURL.appendingPathComponent("report.mustache").path, line: 2,
        partial: "partials/figure"))
  }

  func testPartialsAreNamedByTheirPathInTheFolder() throws {
    try write("<main>{{> partials/heading}}</main>", to: "report.mustache")
    try write("<h1>{{title}}</h1>", to: "partials/heading.mustache")
    let renderer = try HTMLReportRenderer(templatesDirectory: folder)
    let html = try renderer.render(TestDocuments.document())
    XCTAssertEqual(html, "<main><h1>Label Spreading on digits</h1></main>")
  }

  func testPartialsEscapeLikeTheMainTemplate() throws {
    try write("<p title=\"{{title}}\">{{> part}}</p>", to: "report.mustache")
    try write("<i title=\"{{title}}\">{{title}}</i>", to: "part.mustache")
    var document = TestDocuments.document()
    document.frame.title = "\"\u{301}<\u{338}\u{202E}"
    let html = try HTMLReportRenderer(templatesDirectory: folder).render(document)
    let escaped = "&quot;\u{301}&lt;\u{338}&#x202E;"
    XCTAssertEqual(html, "<p title=\"\(escaped)\"><i title=\"\(escaped)\">\(escaped)</i></p>")
  }
}
