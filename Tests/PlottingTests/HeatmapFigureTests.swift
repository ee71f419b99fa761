import Plotting
import XCTest

/// The shared heatmap with rows and columns of different counts (the tuning grid's shape).
final class HeatmapFigureTests: XCTestCase {
  /// 2 rows by 4 columns in a 640 x 480 figure: matplotlib's subplot area is 496 x 369.6 at
  /// (80, 57.6); the heatmap gets 0.8 of its width, 396.8, so a cell is 99.2 square and the
  /// 198.4-high image is centred vertically at y 143.2.
  static let cell = 99.2
  static let origin = (x: 80.0, y: 143.2)

  private let figure = HeatmapFigure(
    values: [[0, 1, 2, 3], [3, 2, .nan, 0]],
    cellTexts: [["0", "1", "2", "3"], ["3", "2", "", "0"]],
    rowLabels: ["0.01", "0.1"], columnLabels: ["a", "b", "c", "d"], xLabel: "alpha",
    yLabel: "gamma")

  private func probe(_ image: DecodedPNG, row: Int, column: Int) -> Pixel {
    image.color(
      atFigureX: Self.origin.x + (Double(column) + 0.5) * Self.cell,
      y: Self.origin.y + (Double(row) + 0.85) * Self.cell)
  }

  func testCellsAreSquareAndColouredByValue() throws {
    let image = try DecodedPNG.decode(figure.render(as: .png))
    XCTAssertEqual(image.width, 640)
    // The lowest value is viridis 0, the highest viridis 255, a missing score white.
    assertColor(probe(image, row: 0, column: 0), Pixel(68, 1, 84), within: 2)
    assertColor(probe(image, row: 1, column: 3), Pixel(68, 1, 84), within: 2)
    assertColor(probe(image, row: 0, column: 3), Pixel(253, 231, 36), within: 2)
    assertColor(probe(image, row: 1, column: 0), Pixel(253, 231, 36), within: 2)
    assertColor(probe(image, row: 1, column: 2), .white, within: 0)
    // Above and below the image, inside the subplot area: the figure's white background.
    assertColor(
      image.color(atFigureX: Self.origin.x + Self.cell, y: Self.origin.y - 10), .white,
      within: 0)
    assertColor(
      image.color(atFigureX: Self.origin.x + Self.cell, y: Self.origin.y + 2 * Self.cell + 40),
      .white, within: 0)
  }

  func testShapesMustAgree() {
    var broken = figure
    broken.cellTexts = [["0"]]
    XCTAssertThrowsError(try broken.render(as: .png))
    broken = figure
    broken.rowLabels = ["only one"]
    XCTAssertThrowsError(try broken.render(as: .png))
  }

  /// The tuning grid's shape: the y label stays inside the figure.
  ///
  /// 5 gammas by 5 alphas and propagation, with the y label "gamma", which used to
  /// be cut off at the figure's left edge. Now no ink touches the edge, and the
  /// label is drawn in the margin.
  func testYLabelStaysInsideTheFigure() throws {
    let grid = HeatmapFigure(
      values: (0..<5).map { row in (0..<6).map { Double(row * 6 + $0) } },
      cellTexts: (0..<5).map { _ in (0..<6).map { _ in "0.90" } },
      rowLabels: ["0.00026", "0.00078", "0.0026", "0.0078", "0.026"],
      columnLabels: ["α 0.1", "α 0.2", "α 0.5", "α 0.8", "α 0.9", "propagation"],
      xLabel: "label spreading's alpha, and propagation", yLabel: "gamma")
    let image = try DecodedPNG.decode(grid.render(as: .png))
    func inked(_ x: Int) -> Int {
      (0..<image.height).filter { y in
        let pixel = image.pixel(x: x, y: y)
        return pixel.r < 250 || pixel.g < 250 || pixel.b < 250
      }.count
    }
    for x in 0..<3 { XCTAssertEqual(inked(x), 0, "column \(x)") }
    XCTAssertGreaterThan((3..<24).map(inked).reduce(0, +), 20, "the y label is drawn")
  }
}
