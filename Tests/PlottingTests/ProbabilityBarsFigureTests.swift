import XCTest

@testable import Plotting

/// Class probabilities of non-image samples as labelled bars on one 0 to 1 scale (issue 17:
/// the grey strips had no class names and were shaded per sample, so 0.09 looked like 0).
final class ProbabilityBarsFigureTests: XCTestCase {
  private let classes = ["setosa", "versicolor", "virginica"]

  private func figure(_ rows: [[Double]]) throws -> ProbabilityBarsFigure {
    try ProbabilityBarsFigure(
      probabilities: rows, classNames: classes,
      titles: rows.indices.map { "\($0 + 1). row \($0)" })
  }

  /// The pixel length of the bar of `classIndex` in panel `index`, scanning its middle row.
  private func barLength(
    _ png: DecodedPNG, _ figure: ProbabilityBarsFigure, panel index: Int, classIndex: Int
  ) -> Double {
    let layout = ProbabilityBarsLayout(figure: figure, nameWidth: nameWidth(figure))
    let panel = layout.panel(index)
    let y = panel.minY + layout.titleHeight + (Double(classIndex) + 0.5) * layout.rowHeight
    let color = Colormap.tab10[classIndex]
    let expected = Pixel(
      Int((color.red * 255).rounded()), Int((color.green * 255).rounded()),
      Int((color.blue * 255).rounded()))
    var count = 0
    for x in Int(layout.barX(panel))..<Int(panel.maxX) {
      if png.color(x: x, y: Int(y)).distance(to: expected) <= 2 { count += 1 }
    }
    return Double(count)
  }

  private func nameWidth(_ figure: ProbabilityBarsFigure) -> Double {
    (try? Canvas.measuring { canvas in
      figure.classNames.map { canvas.measure($0, fontSize: Layout.fontSize).width }.max() ?? 0
    }) ?? 0
  }

  func testBarsShareOneScaleAcrossSamples() throws {
    let rows = [[0.09, 0.01, 0.9], [0.5, 0.3, 0.2], [0.001, 0.999, 0]]
    let figure = try figure(rows)
    let png = try DecodedPNG.decode(figure.render(as: .png, scale: 1, metadata: FigureMetadata()))
    let layout = ProbabilityBarsLayout(figure: figure, nameWidth: nameWidth(figure))
    for (panel, row) in rows.enumerated() {
      for (classIndex, value) in row.enumerated() where value >= 0.02 {
        let length = barLength(png, figure, panel: panel, classIndex: classIndex)
        // The same probability is the same length in every panel, 1 being the whole scale.
        XCTAssertEqual(length, value * layout.barWidth, accuracy: 2, "panel \(panel) \(value)")
      }
    }
    // 0.09 is a visible bar, not a blank.
    XCTAssertGreaterThan(barLength(png, figure, panel: 0, classIndex: 0), 10)
  }

  func testClassNamesAndValuesAreWritten() throws {
    let figure = try figure([[0.09, 0.01, 0.9]])
    let svg = String(decoding: try figure.render(as: .svg), as: UTF8.self)
    for text in ["setosa", "versicolor", "virginica", "0.09", "0.01", "0.90", "1. row 0"] {
      XCTAssertTrue(svg.contains(text), "\(text) missing")
    }
    XCTAssertEqual(ProbabilityBarsFigure.valueText(0.001), "<0.01")
    XCTAssertEqual(ProbabilityBarsFigure.valueText(0), "0.00")
  }

  func testManyClassesShowTheLikeliestAndTheRest() throws {
    let names = (0..<9).map { "c\($0)" }
    let row = [0.02, 0.3, 0.05, 0.2, 0.03, 0.1, 0.15, 0.1, 0.05]
    let figure = try ProbabilityBarsFigure(probabilities: [row], classNames: names, titles: ["x"])
    let bars = figure.bars(0)
    XCTAssertEqual(bars.map(\.label), ["c1", "c3", "c6", "c5", "c7", "4 others"])
    XCTAssertEqual(bars.last!.value, 0.02 + 0.05 + 0.03 + 0.05, accuracy: 1e-12)
  }

  func testFigureGrowsWithTheSamples() throws {
    let few = try figure(Array(repeating: [0.2, 0.3, 0.5], count: 2))
    let many = try figure(Array(repeating: [0.2, 0.3, 0.5], count: 30))
    XCTAssertEqual(many.size.width, few.size.width)
    XCTAssertGreaterThan(many.size.height, 10 * few.size.height)
  }
}

extension ProbabilityBarsFigureTests {
  /// A class name too long for its column is cut with "…" instead of running off the figure.
  func testLongClassNamesStayInsideTheFigure() throws {
    let long = "Vitis vinifera Barbera d'Alba (Cuneo, Piedmont) from the old vineyard"
    let figure = try ProbabilityBarsFigure(
      probabilities: [[0.2, 0.8]], classNames: [long, "short"], titles: ["1. row 0"])
    let svg = String(decoding: try figure.render(as: .svg), as: UTF8.self)
    XCTAssertFalse(svg.contains(long))
    XCTAssertTrue(svg.contains("Vitis vinifera"))
    XCTAssertTrue(svg.contains("…"))
    // Nothing is drawn in the figure's left margin.
    let png = try DecodedPNG.decode(figure.render(as: .png, scale: 1, metadata: FigureMetadata()))
    let margin = png.pixels(inFigureX: 0, y: 0, width: 15, height: figure.size.height)
    XCTAssertTrue(margin.allSatisfy { $0 == .white })
  }
}
