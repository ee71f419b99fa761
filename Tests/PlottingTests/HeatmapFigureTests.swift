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
}
