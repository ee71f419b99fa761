import Foundation
import Reporting
import XCTest

final class CurvePageTests: XCTestCase {
  func testCurveTableHasOneRowPerCurveRowGroupedByModel() throws {
    let document = PageDocuments.curve()
    let html = try PageDocuments.renderer().render(document)
    let table = html.between("<table class=\"curve\">", "</table>")
    let body = table.components(separatedBy: "</thead>").last ?? ""
    XCTAssertEqual(body.occurrences(of: "<tr>"), document.values.rows.count)
    XCTAssertEqual(table.occurrences(of: "<tbody class=\"model-group\">"), 2)
    let groupSize = PageDocuments.labeledCounts.count
    XCTAssertEqual(table.occurrences(of: "rowspan=\"\(groupSize)\""), 2)
    // The rows of each model follow each other although the document interleaves them.
    let groups = table.pieces(after: "<tbody class=\"model-group\">")
    for (group, model) in zip(groups, PageDocuments.models) {
      XCTAssertTrue(group.contains("<bdi>\(model)</bdi>"))
      XCTAssertEqual(group.occurrences(of: "<tr>"), groupSize)
    }
    let first = document.values.rows[0]
    let cells = [
      "<td class=\"num\">\(first.labeled)</td><td class=\"num\">\(first.runs)</td>",
      "<td class=\"num strong\">0.600</td>", "± 0.013", "<td class=\"num\">0.570</td>",
      "<td class=\"num\">0.620</td>", "<td class=\"num\">0.590</td>",
    ]
    for cell in cells {
      XCTAssertTrue(table.contains(cell), "missing \(cell)")
    }
    XCTAssertTrue(html.contains("src=\"learning_curve.png\""))
    XCTAssertTrue(html.contains("alt=\"Accuracy rises with the labels.\""))
    XCTAssertTrue(html.contains("href=\"learning_curve.json\""))
    XCTAssertTrue(html.contains("id=\"warnings\""))
  }
}
