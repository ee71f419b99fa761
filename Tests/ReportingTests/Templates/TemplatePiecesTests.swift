import Foundation
import Reporting
import XCTest

/// Long templates are parsed in pieces; the pages and the error positions must not show it.
final class TemplatePiecesTests: XCTestCase {
  private var folder: URL!

  /// Every kind of line a piece may start or end next to.
  ///
  /// Text, variables, sections with standalone tags, blank lines, a comment over two lines and
  /// indented lines; pieces start at the lines of plain text.
  private let block = """
    <section>
    <h2>{{title}}</h2>
    {{#warnings}}
      <li>{{.}}</li>
      plain text in a section
    {{/warnings}}

      indented plain text
    {{! a comment
        over two lines }}
      <p>text {{title}} and {{summary.model}}</p>
    {{^warnings}}none{{/warnings}}
    {{#accuracy}}<b>{{percent}}</b>{{/accuracy}}
    </section>

    """

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("TemplatePieces-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try FileManager.default.removeItem(at: folder)
  }

  private func render(_ template: String, _ document: ReportDocument) throws -> String {
    try template.write(
      to: folder.appendingPathComponent("report.mustache"), atomically: true, encoding: .utf8)
    return try HTMLReportRenderer(templatesDirectory: folder).render(document)
  }

  func testALongTemplateRendersAsItsPartsDo() throws {
    var strings = TestDocuments.Strings()
    strings.title = "<Q&A> \"quoted\""
    let document = TestDocuments.document(strings)
    // Blocks of different lengths, so that pieces start at every kind of line.
    let blocks = (0..<60).map { block + String(repeating: "x", count: $0 * 7 % 41) + "\n" }
    var expected = ""
    for part in blocks {
      expected += try render(part, document)
    }
    XCTAssertTrue(expected.contains("<h2>&lt;Q&amp;A&gt; &quot;quoted&quot;</h2>\n"), expected)
    XCTAssertEqual(try render(blocks.joined(), document), expected)
  }

  func testASyntaxErrorDeepInALongTemplateNamesItsLine() throws {
    let blockLines = block.split(separator: "\n", omittingEmptySubsequences: false).count - 1
    let template =
      String(repeating: block, count: 30) + "<p>\n{{/closedButNeverOpened}}\n"
      + String(repeating: block, count: 30)
    XCTAssertThrowsError(try render(template, TestDocuments.document())) { error in
      guard case .templateSyntax(_, let line, _, _) = error as? ReportingError else {
        return XCTFail("unexpected \(error)")
      }
      XCTAssertEqual(line, 30 * blockLines + 2)
    }
  }
}
