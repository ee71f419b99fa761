import XCTest

@testable import Plotting

/// Expected ticks and labels are what matplotlib 3.11 shows for these y limits with
/// `MaxNLocator(nbins=9, steps=[1, 2, 2.5, 5, 10])` and the default `ScalarFormatter`.
final class TickLocatorTests: XCTestCase {
  private func check(
    _ low: Double, _ high: Double, _ expected: [Double], _ labels: [String],
    file: StaticString = #filePath, line: UInt = #line
  ) {
    let ticks = TickLocator.ticks(vmin: low, vmax: high, bins: 9)
    XCTAssertEqual(
      ticks.count, expected.count, "\(low)...\(high): \(ticks)", file: file, line: line)
    for (tick, value) in zip(ticks, expected) {
      XCTAssertEqual(tick, value, accuracy: 1e-9 * max(1, abs(value)), file: file, line: line)
    }
    XCTAssertEqual(TickLocator.labels(for: ticks), labels, file: file, line: line)
  }

  func testTicksMatchMatplotlib() {
    check(0, 37, [0, 5, 10, 15, 20, 25, 30, 35], ["0", "5", "10", "15", "20", "25", "30", "35"])
    check(0, 1, [0, 0.2, 0.4, 0.6, 0.8, 1], ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    check(
      3.6, 4.4, [3.6, 3.7, 3.8, 3.9, 4.0, 4.1, 4.2, 4.3, 4.4],
      ["3.6", "3.7", "3.8", "3.9", "4.0", "4.1", "4.2", "4.3", "4.4"])
    check(0, 255, [0, 50, 100, 150, 200, 250], ["0", "50", "100", "150", "200", "250"])
    check(-0.55, 10.55, [0, 2, 4, 6, 8, 10], ["0", "2", "4", "6", "8", "10"])
    check(
      0.25, 0.3, [0.25, 0.26, 0.27, 0.28, 0.29, 0.3],
      ["0.25", "0.26", "0.27", "0.28", "0.29", "0.30"])
    check(
      -3, 2, [-3, -2, -1, 0, 1, 2], ["\u{2212}3", "\u{2212}2", "\u{2212}1", "0", "1", "2"])
  }

  func testBinCountFollowsGetTickSpace() {
    // 369.6 pixels = 266.1 pt over 2 x 10 pt -> 13, capped at 9; 100 px = 72 pt -> 3.
    XCTAssertEqual(TickLocator.binCount(axisLength: 369.6, fontSize: Layout.fontSize, factor: 2), 9)
    XCTAssertEqual(TickLocator.binCount(axisLength: 100, fontSize: Layout.fontSize, factor: 2), 3)
    XCTAssertEqual(TickLocator.binCount(axisLength: 10, fontSize: Layout.fontSize, factor: 3), 1)
  }

  func testPythonFormatting() {
    // format(v, ".2g") in Python 3.11.
    let cases: [(Double, String)] = [
      (0.75, "0.75"), (1.0 / 3, "0.33"), (2.0 / 3, "0.67"), (1, "1"), (0, "0"), (0.05, "0.05"),
      (0.123456, "0.12"), (1_234_567, "1.2e+06"), (100, "1e+02"), (0.000_123_4, "0.00012"),
    ]
    for (value, expected) in cases {
      XCTAssertEqual(cFormat("%.2g", value), expected)
    }
    XCTAssertEqual(confusionCellText(123, integral: true), "123")
    XCTAssertEqual(confusionCellText(123, integral: false), "1.2e+02")
  }

  func testColormapIndexingMatchesColormapCall() {
    // Colormap.__call__: Int(x * 256), 1.0 -> 255, clipped; viridis ends from matplotlib.
    XCTAssertEqual(Colormap.index(0, count: 256), 0)
    XCTAssertEqual(Colormap.index(1, count: 256), 255)
    XCTAssertEqual(Colormap.index(0.5, count: 256), 128)
    XCTAssertEqual(Colormap.index(255.0 / 256, count: 256), 255)
    XCTAssertEqual(Colormap.index(254.999 / 256, count: 256), 254)
    XCTAssertEqual(Colormap.index(-0.1, count: 256), 0)
    XCTAssertEqual(Colormap.index(1.5, count: 256), 255)
    XCTAssertEqual(Colormap.viridis.entries.count, 256)
    XCTAssertEqual(Colormap.viridis(0), RGB(0.267004, 0.004874, 0.329415))
    XCTAssertEqual(Colormap.viridis(1), RGB(0.993248, 0.906157, 0.143936))
    XCTAssertEqual(Colormap.viridis(0.5), RGB(0.127568, 0.566949, 0.550556))
  }

  func testCRC32OfIEND() {
    // Every PNG ends with the IEND chunk whose CRC is AE 42 60 82.
    XCTAssertEqual(CRC32.checksum(Array("IEND".utf8)), 0xAE42_6082)
  }
}
