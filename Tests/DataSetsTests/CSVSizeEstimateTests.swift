import Foundation
import XCTest

@testable import DataSets

/// The size of a CSV file's matrix, guessed before reading it (`CSVSizeEstimate`).
final class CSVSizeEstimateTests: XCTestCase {
  func testRowsAndColumnsFromTheFirstLines() throws {
    // 70,000 rows of the same length: more than the 64 KiB sampled, counted exactly.
    var text = "a;b;c;target\n"
    for row in 0..<70_000 {
      text += "1,5;2,25;\(row % 10);x\n".replacingOccurrences(of: "x", with: "y")
    }
    let file = FileManager.default.temporaryDirectory
      .appendingPathComponent("estimate-\(UUID().uuidString).csv")
    try Data(text.utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let estimate = try XCTUnwrap(CSVSizeEstimate.of(path: file.path))
    XCTAssertEqual(estimate.columns, 4)
    XCTAssertEqual(estimate.rows, 70_000)
    XCTAssertEqual(estimate.fileBytes, text.utf8.count)
    XCTAssertEqual(estimate.bytes, text.utf8.count + 70_000 * 4 * 8)
  }

  func testHeaderOnlyAndNoFile() {
    XCTAssertEqual(
      CSVSizeEstimate.estimate(head: Array("a,b\n".utf8)[...], fileBytes: 4),
      CSVSizeEstimate(fileBytes: 4, rows: 0, columns: 2))
    XCTAssertNil(CSVSizeEstimate.of(path: "/nonexistent/file.csv"))
    XCTAssertNil(CSVSizeEstimate.of(path: "/dev/null"))
  }
}
