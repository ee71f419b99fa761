import Foundation
import Plotting
import XCTest

final class MemoryTests: XCTestCase {
  /// Resident set size in bytes, from the second field of /proc/self/statm (pages).
  private func residentBytes() throws -> Int {
    let statm = try String(contentsOfFile: "/proc/self/statm", encoding: .utf8)
    let fields = statm.split(separator: " ")
    return try XCTUnwrap(Int(fields[1])) * Int(sysconf(Int32(_SC_PAGESIZE)))
  }

  func testRenderingManyFiguresDoesNotGrowMemory() throws {
    guard FileManager.default.fileExists(atPath: "/proc/self/statm") else {
      throw XCTSkip("needs /proc/self/statm")
    }
    let confusion = ConfusionMatrixFigure(
      counts: (0..<10).map { row in (0..<10).map { ($0 * 7 + row * 3) % 40 } },
      labels: (0..<10).map(String.init), title: "Confusion matrix")
    let grid = ImageGridFigure(
      images: (0..<10).map { index in (0..<64).map { Double(($0 * (index + 3)) % 17) } },
      imageHeight: 8, imageWidth: 8, titles: (0..<10).map { "predict: \($0)\ntrue: \($0)" })
    let formats: [FigureFormat] = [.png, .png, .svg, .pdf]
    func renderRound(_ index: Int) throws {
      let format = formats[index % formats.count]
      let figure: any Figure = index % 2 == 0 ? confusion : grid
      let bytes = try figure.render(as: format, scale: 1, metadata: FigureMetadata())
      XCTAssertGreaterThan(bytes.count, 1000)
    }
    for index in 0..<40 {
      try renderRound(index)
    }
    let before = try residentBytes()
    for index in 0..<200 {
      try renderRound(index)
    }
    let after = try residentBytes()
    XCTAssertLessThan(
      after - before, 4 << 20, "resident memory grew from \(before) to \(after) bytes")
  }
}
