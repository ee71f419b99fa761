import Foundation
import Reporting
import XCTest

/// The tuning page from its document: the grid table, the best setting, the unlabeled column.
final class TuningPageTests: XCTestCase {
  private func table(_ html: String) -> (header: String, rows: [String]) {
    let table = html.between("<table class=\"tuning\">", "</table>")
    let header = table.between("<thead>", "</thead>")
    let body = table.between("<tbody>", "</tbody>")
    return (header, body.pieces(after: "<tr").map { $0.components(separatedBy: "</tr>")[0] })
  }

  func testGridTableHasEveryCellInOrderAndMarksTheBestOnce() throws {
    let document = TuningDocuments.document()
    let html = try PageDocuments.renderer().render(document)
    let (_, rows) = table(html)
    XCTAssertEqual(rows.count, document.values.rows.count)
    for (row, cell) in zip(rows, document.values.rows) {
      XCTAssertTrue(row.contains("<bdi>\(cell.model)</bdi>"), row)
      XCTAssertTrue(row.contains("<bdi>\(cell.kernel)</bdi>"), row)
    }
    // Label spreading's alpha as a number; propagation has none.
    XCTAssertTrue(rows[1].contains("<td class=\"num\">0.9</td>"), rows[1])
    XCTAssertTrue(rows[4].contains("<td class=\"num\">—</td>"), rows[4])
    // Mean and spread of a cell, three decimals.
    XCTAssertTrue(rows[3].contains("<td class=\"num strong\">0.840</td>"), rows[3])
    XCTAssertTrue(rows[3].contains("± 0.061"), rows[3])
    // Only the best row is marked, and the headline names it.
    let marked = rows.indices.filter { rows[$0].hasPrefix(" class=\"best\"") }
    XCTAssertEqual(marked, [TuningDocuments.bestIndex])
    XCTAssertEqual(html.occurrences(of: "<span class=\"badge\">best</span>"), 1)
    XCTAssertTrue(html.contains("spreading, rbf, gamma 0.026, alpha 0.9"))
    XCTAssertTrue(html.contains("<span class=\"metric-value\">84.0%</span>"), html)
    // The command to run next, escaped.
    XCTAssertTrue(
      html.contains(
        "<pre class=\"command\"><code>report --gamma 0.026 --alpha 0.9 --data &#39;my file.csv&#39;"
          + "</code></pre>"), html)
    XCTAssertTrue(html.contains("src=\"tuning.png\""))
  }

  func testUnlabeledColumnOnlyWhenTheClassesAreKnown() throws {
    let renderer = try PageDocuments.renderer()
    let known = table(try renderer.render(TuningDocuments.document(unlabeled: true)))
    XCTAssertTrue(known.header.contains("Unlabeled accuracy"))
    for row in known.rows { XCTAssertEqual(row.occurrences(of: "<td"), 7, row) }
    XCTAssertTrue(known.rows[3].contains("<td class=\"num\">0.820</td>"), known.rows[3])

    let unknownHTML = try renderer.render(TuningDocuments.document(unlabeled: false))
    let unknown = table(unknownHTML)
    XCTAssertFalse(unknown.header.contains("Unlabeled"))
    for row in unknown.rows { XCTAssertEqual(row.occurrences(of: "<td"), 6, row) }
    XCTAssertFalse(unknownHTML.contains("not available for real data"))
  }

  func testBestIndexOutsideTheGridIsRefused() throws {
    let renderer = try PageDocuments.renderer()
    let count = TuningDocuments.rows(unlabeled: true).count
    for bad in [count, -1] {
      XCTAssertThrowsError(try renderer.render(TuningDocuments.document(bestIndex: bad))) {
        guard case ReportingError.invalidDocument(let reason) = $0 else {
          return XCTFail("\($0)")
        }
        XCTAssertTrue(reason.contains("\(bad)"), reason)
      }
    }
  }
}
