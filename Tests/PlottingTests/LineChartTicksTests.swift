import XCTest

@testable import Plotting

/// Ticks that suit what an axis counts, and series that stay visible when they coincide
/// (issue 17: `learning_progress.png` had ticks at 42.5 and 47.5 labels, the curve's log axis
/// only 10¹ and 10², and label propagation lay unseen under the 1-NN line).
final class LineChartTicksTests: XCTestCase {
  /// The texts a figure draws, as its SVG lists them in `<desc>`.
  private func drawnTexts(_ figure: LineChartFigure) throws -> [String] {
    let svg = String(decoding: try figure.render(as: .svg), as: UTF8.self)
    let start = try XCTUnwrap(svg.range(of: "Text in the figure: "))
    let end = try XCTUnwrap(svg.range(of: "</desc>", range: start.upperBound..<svg.endIndex))
    return svg[start.upperBound..<end.lowerBound].components(separatedBy: "; ")
  }

  /// What matplotlib 3.11 gives with `MaxNLocator(nbins=9, steps=[1, 2, 2.5, 5, 10],
  /// integer=...)` for these limits (ticks inside them).
  func testIntegerTicksMatchMatplotlib() {
    let cases: [(Double, Double, [Double], [Double])] = [
      (39, 61, [40, 42.5, 45, 47.5, 50, 52.5, 55, 57.5, 60], [40, 45, 50, 55, 60]),
      (0.8, 3.2, [1, 1.5, 2, 2.5, 3], [1, 2, 3]),
      (-0.35, 7.35, [0, 1, 2, 3, 4, 5, 6, 7], [0, 1, 2, 3, 4, 5, 6, 7]),
      (0, 1.5, [0, 0.2, 0.4, 0.6, 0.8, 1, 1.2, 1.4], [0, 1]),
    ]
    for (low, high, plain, integer) in cases {
      let a = TickLocator.ticks(vmin: low, vmax: high, bins: 9)
      let b = TickLocator.ticks(vmin: low, vmax: high, bins: 9, integer: true)
      XCTAssertEqual(a.count, plain.count, "\(low)...\(high): \(a)")
      XCTAssertEqual(b, integer, "\(low)...\(high) integer")
      for (tick, value) in zip(a, plain) { XCTAssertEqual(tick, value, accuracy: 1e-9) }
    }
  }

  func testCountsAxisHasWholeNumberLabels() throws {
    let x: [Double] = [40, 45, 50, 55, 60]
    var figure = LineChartFigure(
      series: [.init(label: "accuracy", x: x, y: [0.87, 0.9, 0.92, 0.95, 0.955], markers: true)])
    let automatic = try drawnTexts(figure)
    XCTAssertTrue(automatic.contains("42.5"), "\(automatic)")
    figure.xTicks = .integers
    let texts = try drawnTexts(figure)
    for label in ["40", "45", "50", "55", "60"] { XCTAssertTrue(texts.contains(label)) }
    XCTAssertFalse(texts.contains { $0.contains(".5") }, "\(texts)")
  }

  func testLogAxisLabelsTheChosenValues() throws {
    let counts: [Double] = [10, 20, 40, 80, 160, 320]
    var figure = LineChartFigure(
      series: [.init(label: "a", x: counts, y: [0.5, 0.6, 0.7, 0.8, 0.9, 0.95])], xScale: .log)
    XCTAssertTrue(try drawnTexts(figure).contains("10^1"))
    figure.xTicks = .values(counts)
    let texts = try drawnTexts(figure)
    for label in ["10", "20", "40", "80", "160", "320"] {
      XCTAssertTrue(texts.contains(label), "\(label) missing from \(texts)")
    }
    XCTAssertFalse(texts.contains { $0.hasPrefix("10^") })
  }

  func testCrowdedChosenValuesSkipLabelsThatWouldTouch() throws {
    let counts = Array(stride(from: 100.0, through: 130, by: 1))
    var figure = LineChartFigure(
      series: [.init(label: "", x: counts, y: counts.map { $0 / 200 })], xScale: .log)
    figure.xTicks = .values(counts)
    let texts = try drawnTexts(figure)
    XCTAssertTrue(texts.contains("100"))
    XCTAssertLessThan(texts.filter { Double($0) != nil }.count, counts.count)
  }

  func testASeriesOnTopOfAnotherSaysSoAndShowsBothMarkers() throws {
    let x: [Double] = [10, 20, 40]
    let y = [0.5, 0.7, 0.9]
    let figure = LineChartFigure(
      series: [
        .init(label: "Label Propagation", x: x, y: y, markers: true),
        .init(label: "1-NN", x: x, y: y.map { $0 + 1e-6 }, markers: true),
      ], xScale: .log)
    let texts = try drawnTexts(figure)
    XCTAssertTrue(
      texts.contains { $0.contains("1-NN") && $0.contains("drawn over Label Propagation") },
      "\(texts)")
    // The second series' square is drawn smaller, so the first one's circle shows around it.
    let png = try DecodedPNG.decode(figure.render(as: .png, scale: 1, metadata: FigureMetadata()))
    let axes = (x: 80.0, y: 57.6, width: 496.0, height: 369.6)
    let fraction = (0.7 - 0.5 + 0.02) / 0.44
    let center = (
      x: axes.x + 0.5 * axes.width, y: axes.y + axes.height - fraction * axes.height
    )
    let ring = png.color(atFigureX: center.x - 3.8, y: center.y)
    assertColor(ring, Pixel(0x1f, 0x77, 0xb4), within: 40, "circle around the square")
    let middle = png.color(atFigureX: center.x, y: center.y)
    assertColor(middle, Pixel(0xff, 0x7f, 0x0e), within: 40, "square")
  }

  func testDistinctSeriesAreNotMarked() throws {
    let figure = LineChartFigure(
      series: [
        .init(label: "a", x: [1, 2, 3], y: [1, 2, 3]),
        .init(label: "b", x: [1, 2, 3], y: [3, 2, 1]),
      ])
    XCTAssertFalse(try drawnTexts(figure).contains { $0.contains("drawn over") })
  }
}
