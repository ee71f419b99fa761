import Foundation
import XCTest

@testable import Reporting

/// The residual table numbers iterations as the badge counts them and lists a long fit in a
/// few rows (issue 17: `--model propagation --kernel knn` gave 543 rows, a 26,700 px page).
final class ResidualTableTests: XCTestCase {
  private func rowNumbers(_ html: String) -> [Int] {
    let start = html.range(of: "<caption>Residual")!
    let end = html.range(of: "</table>", range: start.upperBound..<html.endIndex)!
    return html[start.upperBound..<end.lowerBound].components(separatedBy: "<tr><td class=\"num\">")
      .dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
  }

  func testShortFitsListEveryIterationFromOne() {
    XCTAssertEqual(IterationSelection(count: 7).iterations, [1, 2, 3, 4, 5, 6, 7])
    XCTAssertEqual(IterationSelection(count: 15).iterations.count, 15)
    XCTAssertEqual(IterationSelection(count: 0).iterations, [])
  }

  func testLongFitsListTheFirstEveryNthAndTheLast() {
    let selection = IterationSelection(count: 542)
    XCTAssertEqual(selection.step, 50)
    XCTAssertEqual(
      selection.iterations,
      [1, 2, 3, 50, 100, 150, 200, 250, 300, 350, 400, 450, 500, 541, 542])
    for count in [16, 17, 40, 99, 1000, 12345] {
      let rows = IterationSelection(count: count).iterations
      XCTAssertLessThanOrEqual(rows.count, IterationSelection.rowLimit, "\(count)")
      XCTAssertEqual(Array(rows.prefix(3)), [1, 2, 3])
      XCTAssertEqual(Array(rows.suffix(2)), [count - 1, count])
      XCTAssertEqual(rows, rows.sorted())
      XCTAssertEqual(Set(rows).count, rows.count)
    }
  }

  func testThePageNumbersRowsAsTheBadgeCountsThem() throws {
    var document = TestDocuments.document()
    document.values.iterations = 5
    document.values.residuals = [4.1, 0.33, 0.021, 0.004, 0.0007]
    let html = try TestDocuments.render(document)
    XCTAssertEqual(rowNumbers(html), [1, 2, 3, 4, 5])
    XCTAssertTrue(html.contains("Converged in 5 iterations"))
  }

  func testALongFitIsSummarised() throws {
    var document = TestDocuments.document()
    document.values.iterations = 542
    document.values.residuals = (1...542).map { 150 * pow(0.985, Double($0)) }
    let html = try TestDocuments.render(document)
    XCTAssertEqual(
      rowNumbers(html), [1, 2, 3, 50, 100, 150, 200, 250, 300, 350, 400, 450, 500, 541, 542])
    XCTAssertTrue(html.contains("every 50th"))
    XCTAssertTrue(html.contains("46 iterations not listed"))
  }
}
