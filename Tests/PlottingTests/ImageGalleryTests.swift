import XCTest

@testable import Plotting

/// The uncertain-samples gallery for any number of images (issue 17): the example's figure
/// up to ten, then rows that grow the figure, images never smaller than the example's and
/// titles never overlapping.
final class ImageGalleryTests: XCTestCase {
  /// The example's image side in its 700 x 500 figure (see `ImageGridFigureTests`).
  static let exampleSide = 93.534_482_758_620_7

  private func images(_ count: Int) -> [[Double]] {
    (0..<count).map { index in (0..<64).map { Double(($0 + index) % 17) } }
  }

  private func titles(_ count: Int) -> [String] {
    (0..<count).map { "predict: \($0 % 10)\ntrue: \(($0 + 3) % 10)" }
  }

  private func gallery(_ count: Int, titles: [String]? = nil) throws -> ImageGridFigure {
    try ImageGridFigure.gallery(
      images: images(count), imageHeight: 8, imageWidth: 8, titles: titles ?? self.titles(count))
  }

  /// The rows layout the figure draws with, measured as its `draw` measures.
  private func rowsLayout(_ figure: ImageGridFigure) throws -> ImageRowsLayout {
    guard case .rows(let columns) = figure.arrangement else {
      throw XCTSkip("not a rows arrangement")
    }
    let (suptitleBottom, titleHeight) = try Canvas.measuring { canvas in
      (
        figure.suptitleBottom(on: canvas, top: ImageRowsLayout.suptitleTop),
        figure.titleHeight(on: canvas)
      )
    }
    return ImageRowsLayout(
      count: figure.images.count, columns: columns, imageAspect: 1, figureWidth: figure.size.width,
      suptitleBottom: suptitleBottom, titleHeight: titleHeight)
  }

  func testTenImagesKeepTheExamplesFigure() throws {
    let figure = try gallery(10)
    XCTAssertEqual(figure.arrangement, .subplots)
    XCTAssertEqual(figure.size, FigureSize(width: 700, height: 500))
  }

  func testThirtyImagesGrowInRowsOfFiveWithoutOverlap() throws {
    let figure = try gallery(30)
    XCTAssertEqual(figure.arrangement, .rows(columns: 5))
    let layout = try rowsLayout(figure)
    XCTAssertEqual(layout.rows, 6)
    XCTAssertEqual(layout.imageWidth, Self.exampleSide, accuracy: 1e-6)
    XCTAssertGreaterThanOrEqual(figure.size.height, layout.figureHeight)
    for index in 5..<30 {
      let above = layout.imageRect(index - 5)
      let rect = layout.imageRect(index)
      // This image's titles start below the image above it.
      XCTAssertGreaterThan(rect.minY - layout.titleHeight, above.maxY + 5, "image \(index)")
    }
    // The PNG is as tall as the rows, and between a row's images and the next row's titles
    // it is white across the figure.
    let png = try DecodedPNG.decode(figure.render(as: .png, scale: 1, metadata: FigureMetadata()))
    XCTAssertEqual(png.height, Int(figure.size.height.rounded()))
    for row in 0..<5 {
      let bottom = layout.imageRect(row * 5).maxY
      let nextTitles = layout.imageRect(row * 5 + 5).minY - layout.titleHeight
      let strip = png.pixels(
        inFigureX: 0, y: bottom + 2, width: 700, height: max(0, nextTitles - bottom - 4))
      XCTAssertFalse(strip.isEmpty)
      XCTAssertTrue(strip.allSatisfy { $0 == .white }, "gap below row \(row)")
    }
  }

  func testTitlesOfNeighboursNeverOverlap() throws {
    let long = (0..<12).map { "predict: class number \($0)\ntrue: ?" }
    let figure = try gallery(12, titles: long)
    let layout = try rowsLayout(figure)
    let width = try Canvas.measuring { canvas in
      long.map { canvas.measure($0, fontSize: Layout.titleFontSize).width }.max()!
    }
    XCTAssertLessThan(layout.columns, 5)
    let pitch = layout.imageRect(1).midX - layout.imageRect(0).midX
    XCTAssertGreaterThan(pitch, width)
  }

  func testAHundredImagesFitEveryScale() throws {
    let figure = try gallery(100)
    XCTAssertEqual(try rowsLayout(figure).rows, 20)
    let png = try DecodedPNG.decode(figure.render(as: .png, scale: 1, metadata: FigureMetadata()))
    XCTAssertEqual(png.height, Int(figure.size.height.rounded()))
    // At the largest --scale the PNG stays within Cairo's 32767-pixel side and the pixel cap.
    XCTAssertNoThrow(try FigureRenderer.checkSize(figure.size, scale: 8))
    XCTAssertLessThan(figure.size.height * 8, 32767)
  }
}
