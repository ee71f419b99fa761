import Foundation
import XCTest

/// The figures of `active-learning` and `curve` label counts as counts (issue 17:
/// `learning_progress.png` had ticks at 42.5 and 47.5 labels; the curve's log axis showed
/// only 10¹ and 10²).
final class FigureTicksTests: XCTestCase {
  /// The texts drawn in an SVG figure of the output folder, from its `<desc>`.
  private func texts(_ file: String, _ arguments: [String]) throws -> [String] {
    let folder = try Binary.scratchFolder(self)
    let run = try Binary.run(
      arguments + ["--format", "svg", "--output", "out", "--quiet"], in: folder)
    XCTAssertEqual(run.status, 0, run.stderr)
    let svg = try String(
      contentsOf: folder.appendingPathComponent("out/\(file)"), encoding: .utf8)
    let start = try XCTUnwrap(svg.range(of: "Text in the figure: "))
    let end = try XCTUnwrap(svg.range(of: "</desc>", range: start.upperBound..<svg.endIndex))
    return svg[start.upperBound..<end.lowerBound].components(separatedBy: "; ")
  }

  func testLearningProgressTicksAreWholeCounts() throws {
    let labels = try texts("learning_progress.svg", ["active-learning"])
    XCTAssertTrue(labels.contains("40"), "\(labels)")
    XCTAssertFalse(labels.contains("42.5"), "\(labels)")
    XCTAssertFalse(labels.contains("47.5"), "\(labels)")
  }

  func testCurveLabelsTheChosenCounts() throws {
    let labels = try texts(
      "learning_curve.svg", ["curve", "--labeled", "10,20,40,80", "--repeats", "2"])
    for count in ["10", "20", "40", "80"] {
      XCTAssertTrue(labels.contains(count), "\(count) missing from \(labels)")
    }
    XCTAssertFalse(labels.contains { $0.hasPrefix("10^") }, "\(labels)")
  }
}
