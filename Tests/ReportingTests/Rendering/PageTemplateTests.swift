import Foundation
import Reporting
import XCTest

/// A templates folder made for the report alone still renders the report; the new pages say
/// which file they miss.
final class PageTemplateTests: XCTestCase {
  private var folder: URL!

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("ReportingExtraPages-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let source = TestDocuments.templatesDirectory
    try FileManager.default.copyItem(
      at: source.appendingPathComponent("report.mustache"),
      to: folder.appendingPathComponent("report.mustache"))
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("partials"), withIntermediateDirectories: true)
    for partial in ["styles", "figure"] {
      try FileManager.default.copyItem(
        at: source.appendingPathComponent("partials/\(partial).mustache"),
        to: folder.appendingPathComponent("partials/\(partial).mustache"))
    }
  }

  override func tearDownWithError() throws {
    try FileManager.default.removeItem(at: folder)
  }

  private func assertMissing(
    _ name: String, _ render: () throws -> String, line: UInt = #line
  ) {
    let expected = folder.standardizedFileURL.appendingPathComponent(name).path
    XCTAssertThrowsError(try render(), line: line) { error in
      guard case .templateUnreadable(let path, _) = error as? ReportingError else {
        return XCTFail("unexpected \(error)", line: line)
      }
      XCTAssertEqual(path, expected, line: line)
      XCTAssertTrue(String(describing: error).contains(expected), line: line)
    }
  }

  func testReportRendersWithoutTheNewTemplates() throws {
    let renderer = try HTMLReportRenderer(templatesDirectory: folder)
    let html = try renderer.render(TestDocuments.document())
    XCTAssertTrue(html.contains("<h1><bdi>Label Spreading on digits</bdi></h1>"))
    assertMissing("learning_curve.mustache") { try renderer.render(PageDocuments.curve()) }
    assertMissing("active_learning.mustache") {
      try renderer.render(PageDocuments.activeLearning())
    }
  }

  func testEachPageNeedsOnlyItsOwnTemplate() throws {
    let source = TestDocuments.templatesDirectory
    try FileManager.default.removeItem(at: folder.appendingPathComponent("partials"))
    try FileManager.default.copyItem(
      at: source.appendingPathComponent("partials"),
      to: folder.appendingPathComponent("partials"))
    try FileManager.default.copyItem(
      at: source.appendingPathComponent("learning_curve.mustache"),
      to: folder.appendingPathComponent("learning_curve.mustache"))
    let renderer = try HTMLReportRenderer(templatesDirectory: folder)
    XCTAssertTrue(
      try renderer.render(PageDocuments.curve()).contains("<table class=\"curve\">"))
    assertMissing("active_learning.mustache") {
      try renderer.render(PageDocuments.activeLearning())
    }
  }
}
