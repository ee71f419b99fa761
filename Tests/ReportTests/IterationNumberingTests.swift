import Foundation
import XCTest

/// One numbering of iterations across the badge, the table, the figure's alt text and
/// metrics.json, and a short table for a long fit (issue 17).
final class IterationNumberingTests: XCTestCase {
  private func run(_ arguments: [String]) throws -> (html: String, json: [String: Any]) {
    let folder = try Binary.scratchFolder(self)
    let run = try Binary.run(arguments + ["--output", "out", "--quiet"], in: folder)
    XCTAssertEqual(run.status, 0, run.stderr)
    let out = folder.appendingPathComponent("out")
    let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
    let data = try Data(contentsOf: out.appendingPathComponent("metrics.json"))
    let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    return (html, try XCTUnwrap(json["model"] as? [String: Any]))
  }

  private func tableRows(_ html: String) throws -> [Int] {
    let start = try XCTUnwrap(html.range(of: "<caption>Residual"))
    let end = try XCTUnwrap(html.range(of: "</table>", range: start.upperBound..<html.endIndex))
    return html[start.upperBound..<end.lowerBound].components(separatedBy: "<tr><td class=\"num\">")
      .dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
  }

  func testTheDefaultRunCountsSevenIterationsEverywhere() throws {
    let (html, model) = try run([])
    XCTAssertEqual(model["iterations"] as? Int, 7)
    XCTAssertEqual((model["residuals"] as? [Double])?.count, 7)
    XCTAssertTrue(html.contains("Converged in 7 iterations"))
    XCTAssertEqual(try tableRows(html), Array(1...7))
    XCTAssertTrue(html.contains("each of 7 iterations"), "alt text")
    XCTAssertFalse(html.contains("8 iterations"))
  }

  func testALongPropagationFitFitsOnAScreen() throws {
    let (html, model) = try run(["--model", "propagation", "--kernel", "knn"])
    let iterations = try XCTUnwrap(model["iterations"] as? Int)
    XCTAssertGreaterThan(iterations, 100)
    let rows = try tableRows(html)
    XCTAssertLessThanOrEqual(rows.count, 15)
    XCTAssertEqual(rows.first, 1)
    XCTAssertEqual(rows.last, iterations)
    XCTAssertEqual((model["residuals"] as? [Double])?.count, iterations)
  }
}
