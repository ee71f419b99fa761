import XCTest

@testable import Plotting

final class ImageGridLayoutTests: XCTestCase {
  /// Two lines of 12 pt text and the 6 pt title pad, and a one-line 12 pt suptitle from
  /// 10 pixels down: roughly what the digits figure reserves.
  let reservedAbove = 48.6
  let suptitleBottom = 27.0
  let area = Layout.subplotArea(FigureSize(width: 700, height: 500))

  private func layout(_ count: Int, aspect: Double = 1, columns: Int? = nil) -> ImageGridLayout? {
    ImageGridLayout(
      count: count, imageAspect: aspect, area: area, reservedAbove: reservedAbove,
      topLimit: suptitleBottom, columns: columns)
  }

  func testTenImagesUseMatplotlibsTwoByFive() throws {
    let grid = try XCTUnwrap(layout(10))
    XCTAssertEqual([grid.rows, grid.columns], [2, 5])
    // matplotlib: 93.534 pixels square, first at (87.5, 100.733).
    let first = grid.imageRect(0)
    XCTAssertEqual(first.width, 93.534_482_758_620_7, accuracy: 1e-6)
    XCTAssertEqual(first.x, 87.5, accuracy: 1e-6)
    XCTAssertEqual(first.y, 100.732_758_620_689_6, accuracy: 1e-6)
    XCTAssertEqual(grid.imageRect(6).y, 310.732_758_620_689_6, accuracy: 1e-6)
  }

  func testEveryCountGetsAGridWhoseTitlesFit() throws {
    for count in 1...40 {
      for aspect in [1.0, 0.5, 2.0] {
        let grid = try XCTUnwrap(layout(count, aspect: aspect), "\(count) images")
        XCTAssertGreaterThanOrEqual(grid.rows * grid.columns, count)
        XCTAssertLessThan(grid.rows * grid.columns - count, grid.columns, "an empty row")
        let rects = (0..<count).map(grid.imageRect)
        for (index, rect) in rects.enumerated() {
          XCTAssertGreaterThan(rect.width, 0)
          XCTAssertEqual(rect.height / rect.width, aspect, accuracy: 1e-9)
          XCTAssertGreaterThanOrEqual(rect.minX, area.minX - 1e-9)
          XCTAssertLessThanOrEqual(rect.maxX, area.maxX + 1e-9)
          XCTAssertLessThanOrEqual(rect.maxY, area.maxY + 1e-9)
          // Room for the title above: below the suptitle and below the row above.
          XCTAssertGreaterThanOrEqual(rect.minY - reservedAbove, suptitleBottom - 1e-9)
          if index >= grid.columns {
            let above = rects[index - grid.columns]
            XCTAssertGreaterThanOrEqual(rect.minY - reservedAbove, above.maxY - 1e-9)
          }
          if index % grid.columns > 0 {
            XCTAssertGreaterThan(rect.minX, rects[index - 1].maxX)
          }
        }
      }
    }
  }

  func testRequestedColumnsAreKept() throws {
    let grid = try XCTUnwrap(layout(10, columns: 3))
    XCTAssertEqual([grid.rows, grid.columns], [4, 3])
  }
}
