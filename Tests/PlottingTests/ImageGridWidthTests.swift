import XCTest

@testable import Plotting

/// `ImageGridFigure.width(fitting:columns:minimum:)`: a row of long titles gets the room it
/// needs (the active-learning grid of class names overlapped at 700 pixels).
final class ImageGridWidthTests: XCTestCase {
  func testLongTitlesWidenTheFigureAndShortOnesKeepTheMinimum() throws {
    let short = try ImageGridFigure.width(
      fitting: ["predict: 1\ntrue: 1"], columns: 5, minimum: 700)
    XCTAssertEqual(short, 700)
    let long = Array(repeating: "predict: class_1\nanswer: ?", count: 5)
    let wide = try ImageGridFigure.width(fitting: long, columns: 5, minimum: 700)
    XCTAssertGreaterThan(wide, 700)
    // At that width each cell's pitch holds the widest title and a gap.
    let titleWidth = try Canvas.measuring { canvas in
      canvas.measure(long[0], fontSize: Layout.titleFontSize).width
    }
    let pitch =
      ImageRowsLayout.cellWidth(areaWidth: 0.775 * wide, columns: 5)
      * (1 + Layout.subplotSpacing)
    XCTAssertGreaterThanOrEqual(pitch, titleWidth)
    XCTAssertLessThan(pitch, titleWidth + 2 * Layout.titleFontSize, "no wider than needed")
    XCTAssertEqual(try ImageGridFigure.width(fitting: long, columns: 1, minimum: 300), 300)
  }
}
