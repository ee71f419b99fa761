import Plotting
import XCTest

/// matplotlib facts used below: the default axes of a 640 x 480 figure span x 80...576 and
/// y 57.6...427.2 (from the top); autoscaling adds 5% of the data range on each side
/// (`axes.xmargin`, `axes.ymargin`); the first tab10 colours are #1f77b4 and #ff7f0e.
final class LineChartFigureTests: XCTestCase {
  let axes = (x: 80.0, y: 57.6, width: 496.0, height: 369.6)
  let blue = Pixel(0x1f, 0x77, 0xb4)
  let orange = Pixel(0xff, 0x7f, 0x0e)

  private func render(_ figure: LineChartFigure) throws -> DecodedPNG {
    try DecodedPNG.decode(figure.render(as: .png, scale: 1, metadata: FigureMetadata()))
  }

  /// Figure pixel of a data point when the data span `xRange` and `yRange` (log10 of the
  /// values on a log axis).
  private func position(
    _ x: Double, _ y: Double, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>
  ) -> (Double, Double) {
    func fraction(_ value: Double, _ range: ClosedRange<Double>) -> Double {
      let margin = 0.05 * (range.upperBound - range.lowerBound)
      return (value - range.lowerBound + margin)
        / (range.upperBound - range.lowerBound + 2 * margin)
    }
    return (
      axes.x + fraction(x, xRange) * axes.width,
      axes.y + axes.height - fraction(y, yRange) * axes.height
    )
  }

  func testLinesFollowTheDataInTab10ColoursAndDistinctStyles() throws {
    let xs = Array(stride(from: 0.0, through: 10, by: 1))
    let figure = LineChartFigure(
      series: [
        .init(label: "diagonal", x: xs, y: xs),
        .init(label: "flat", x: xs, y: xs.map { _ in 2 }),
      ],
      title: "Lines", xLabel: "x", yLabel: "y")
    let image = try render(figure)
    XCTAssertEqual([image.width, image.height], [640, 480])
    let (cx, cy) = position(5, 5, xRange: 0...10, yRange: 0...10)
    assertColor(image.color(atFigureX: cx, y: cy), blue, within: 25, "diagonal through (5, 5)")
    // The second series is dashed: along its row the colour keeps switching on and off.
    let (_, flatY) = position(0, 2, xRange: 0...10, yRange: 0...10)
    let row = Int(flatY.rounded(.down))
    var switches = 0
    var wasInk = false
    for x in 200..<500 {
      let isInk = image.color(x: x, y: row).distance(to: orange) < 60
      if isInk != wasInk { switches += 1 }
      wasInk = isInk
    }
    XCTAssertGreaterThan(switches, 20, "the second series should be dashed")
    // The axes frame is black at its left edge, the margins white.
    XCTAssertTrue((78...82).contains { image.color(x: $0, y: 240).luma < 60 })
    XCTAssertTrue(
      image.pixels(inFigureX: 0, y: 0, width: 640, height: 20).allSatisfy { $0 == .white })
  }

  func testLogarithmicAxisPlacesDecadesEvenly() throws {
    let xs = [0.0, 1, 2, 3, 4]
    let figure = LineChartFigure(
      series: [.init(label: "residual", x: xs, y: [1e-3, 1e-2, 1e-1, 1, 10])],
      xLabel: "iteration", yLabel: "residual", yScale: .log)
    let image = try render(figure)
    // log10 y runs -3...1 like x runs 0...4, so (2, 0.1) is the centre of the axes.
    let (cx, cy) = position(2, -1, xRange: 0...4, yRange: -3...1)
    XCTAssertEqual(cx, 328, accuracy: 1e-9)
    XCTAssertEqual(cy, 242.4, accuracy: 1e-9)
    assertColor(image.color(atFigureX: cx, y: cy), blue, within: 25, "(2, 0.1)")
    let svg = String(
      decoding: try figure.render(as: .svg, scale: 1, metadata: FigureMetadata()), as: UTF8.self)
    for label in ["10^\u{2212}3", "10^\u{2212}1", "10^0", "10^1", "residual", "iteration"] {
      XCTAssertTrue(svg.contains(label), "missing tick label \(label)")
    }
  }

  func testBandIsShadedInTheSeriesColour() throws {
    let xs = [0.0, 10]
    let figure = LineChartFigure(
      series: [
        .init(
          label: "mean", x: xs, y: [5, 5], band: .init(lower: [2, 2], upper: [8, 8]))
      ], legend: .none)
    let image = try render(figure)
    // Data limits 2...8 on y; half way between the line and the upper bound.
    let margin = 0.05 * 6
    let y = axes.y + axes.height - (6.5 - 2 + margin) / (6 + 2 * margin) * axes.height
    // alpha 0.2 of #1f77b4 over white.
    let shade = Pixel(
      Int((0.2 * 31 + 0.8 * 255).rounded()), Int((0.2 * 119 + 0.8 * 255).rounded()),
      Int((0.2 * 180 + 0.8 * 255).rounded()))
    assertColor(image.color(atFigureX: 328, y: y), shade, within: 2, "inside the band")
  }

  func testNonPositiveValuesOnALogAxisAreLeftOut() throws {
    let figure = LineChartFigure(
      series: [.init(label: "r", x: [1, 2, 3, 4], y: [1, 0, 0.1, 0.01])], yScale: .log)
    XCTAssertNoThrow(try figure.render(as: .png, scale: 1, metadata: FigureMetadata()))
  }

  func testInvalidSeriesAreRejected() {
    let cases: [(String, LineChartFigure)] = [
      ("no series", LineChartFigure(series: [])),
      ("NaN", LineChartFigure(series: [.init(label: "a", x: [1, 2], y: [1, .nan])])),
      ("infinity", LineChartFigure(series: [.init(label: "a", x: [.infinity], y: [1])])),
      ("lengths", LineChartFigure(series: [.init(label: "a", x: [1, 2], y: [1])])),
      ("empty", LineChartFigure(series: [.init(label: "a", x: [], y: [])])),
      (
        "band",
        LineChartFigure(
          series: [.init(label: "a", x: [1, 2], y: [1, 2], band: .init(lower: [0], upper: [3]))])
      ),
      (
        "band NaN",
        LineChartFigure(
          series: [
            .init(label: "a", x: [1], y: [1], band: .init(lower: [.nan], upper: [3]))
          ])
      ),
      (
        "log of nothing positive",
        LineChartFigure(series: [.init(label: "a", x: [1, 2], y: [0, -1])], yScale: .log)
      ),
    ]
    for (name, figure) in cases {
      assertThrowsPlotError(name) { () throws(PlotError) in
        _ = try figure.render(as: .png, scale: 1, metadata: FigureMetadata())
      } matches: {
        isInvalid($0)
      }
    }
  }
}
