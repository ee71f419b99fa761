import Foundation
import XCTest

/// Samples no label reached: ranked most uncertain by index, and the page says why.
final class UnreachedSamplesTests: XCTestCase {
  func testUnreachedSamplesLeadTheRankingAndThePageSaysWhy() throws {
    let folder = try Binary.scratchFolder(self)
    let run = try Binary.run(
      [
        "--samples", "20", "--labeled", "1", "--seed", "9", "--model", "propagation", "--gamma",
        "0.3", "--max-iter", "1", "--uncertain", "3", "--quiet",
      ], in: folder)
    XCTAssertEqual(run.status, 0, run.stderr)
    let output = folder.appendingPathComponent("output")
    let metrics = try XCTUnwrap(
      JSONSerialization.jsonObject(
        with: Data(contentsOf: output.appendingPathComponent("metrics.json")))
        as? [String: Any])
    let uncertain = try XCTUnwrap(metrics["uncertain"] as? [[String: Any]])
    // scipy gives samples 4, 5, 11 and 12 a NaN entropy (corners.json); the first three by index.
    XCTAssertEqual(uncertain.compactMap { $0["index"] as? Int }, [4, 5, 11])
    XCTAssertEqual(uncertain.compactMap { $0["no_label_reached"] as? Bool }, [true, true, true])
    let html = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
    XCTAssertTrue(html.contains("no label reached it"), "the table says why they rank first")
  }
}
