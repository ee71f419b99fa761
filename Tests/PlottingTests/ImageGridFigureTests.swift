import Plotting
import XCTest

/// Facts from matplotlib 3.11 used below: in a 7 x 5 inch figure (700 x 500 pixels) with
/// `add_subplot(2, 5, i)` and `imshow` of square images, the image axes are 93.534
/// pixels square, the first at x 87.5 and y 100.733 (from the top), the next one to the
/// right 112.241 further, the second row at y 310.733; `gray_r` is white at the minimum
/// and black at the maximum, linear in 256 steps.
final class ImageGridFigureTests: XCTestCase {
  static let side = 93.534_482_758_620_7
  static let firstX = 87.5
  static let pitchX = 112.241_379_310_344_8
  static let rowY = [100.732_758_620_689_6, 310.732_758_620_689_6]

  /// Ten synthetic 8 x 8 "digits": a ramp of 0...16 plus a bar that moves with the index,
  /// so every image has its own minimum (0) and maximum.
  static let images: [[Double]] = (0..<10).map { index in
    (0..<64).map { pixel in
      let row = pixel / 8
      let column = pixel % 8
      if column == index % 8 { return 16 }
      return Double((row + column) % 9) * 1.5
    }
  }
  static let titles = (0..<10).map { "predict: \($0)\ntrue: \(($0 + 1) % 10)" }

  private func tileRect(_ index: Int) -> (x: Double, y: Double) {
    (Self.firstX + Double(index % 5) * Self.pitchX, Self.rowY[index / 5])
  }

  private func render(_ figure: ImageGridFigure, scale: Double = 1) throws -> DecodedPNG {
    try DecodedPNG.decode(figure.render(as: .png, scale: scale, metadata: FigureMetadata()))
  }

  func testPixelSizeFollowsScale() throws {
    let figure = ImageGridFigure(
      images: Self.images, imageHeight: 8, imageWidth: 8, titles: Self.titles)
    let one = try render(figure)
    XCTAssertEqual([one.width, one.height], [700, 500])
    let two = try render(figure, scale: 2)
    XCTAssertEqual([two.width, two.height], [1400, 1000])
  }

  func testEachTileSpansWhiteToBlack() throws {
    let image = try render(
      ImageGridFigure(images: Self.images, imageHeight: 8, imageWidth: 8, titles: Self.titles))
    for index in 0..<10 {
      let (x, y) = tileRect(index)
      // Inside the frame.
      let tile = image.pixels(
        inFigureX: x + 3, y: y + 3, width: Self.side - 6, height: Self.side - 6)
      let darkest = tile.min { $0.luma < $1.luma }!
      let lightest = tile.max { $0.luma < $1.luma }!
      assertColor(darkest, .black, within: 2, "darkest pixel of tile \(index)")
      assertColor(lightest, .white, within: 2, "lightest pixel of tile \(index)")
    }
  }

  func testPixelsAreSharpBlocksOfGrayR() throws {
    for scale in [1.0, 2.0] {
      let image = try render(
        ImageGridFigure(images: Self.images, imageHeight: 8, imageWidth: 8, titles: Self.titles),
        scale: scale)
      let block = Self.side / 8
      for index in [0, 3, 7] {
        let (x, y) = tileRect(index)
        let values = Self.images[index]
        let low = values.min()!
        let high = values.max()!
        for pixel in 0..<64 {
          let row = pixel / 8
          let column = pixel % 8
          // gray_r entry Int(t * 256) (clipped to 255) of t = (v - min) / (max - min).
          let entry = min(255, Int((values[pixel] - low) / (high - low) * 256))
          let level = 255 - entry
          let expected = Pixel(level, level, level)
          // The centre and a point near a corner of the block have the same colour.
          let blockX = x + Double(column) * block
          let blockY = y + Double(row) * block
          for (dx, dy) in [(0.5, 0.5), (0.2, 0.8), (0.8, 0.2)] {
            guard row > 0 || dy > 0.3, column > 0 || dx > 0.3, row < 7 || dy < 0.7,
              column < 7 || dx < 0.7
            else { continue }  // The frame covers the outer edge of the outer blocks.
            assertColor(
              image.color(atFigureX: blockX + dx * block, y: blockY + dy * block, scale: scale),
              expected, within: 2, "tile \(index) pixel (\(row), \(column)) at scale \(scale)")
          }
        }
      }
    }
  }

  func testConstantImageIsWhiteAndFramed() throws {
    var images = Self.images
    images[2] = Array(repeating: 7, count: 64)
    let image = try render(
      ImageGridFigure(images: images, imageHeight: 8, imageWidth: 8, titles: Self.titles))
    let (x, y) = tileRect(2)
    let inside = image.pixels(
      inFigureX: x + 3, y: y + 3, width: Self.side - 6, height: Self.side - 6)
    XCTAssertTrue(inside.allSatisfy { $0 == .white }, "a constant image should be white")
    // The frame: a dark line at the left edge.
    let edge = (-1...1).map { image.color(atFigureX: x + Double($0), y: y + Self.side / 2) }
    XCTAssertTrue(edge.contains { $0.luma < 60 }, "no frame at the left edge of tile 2")
  }

  func testMarginsAndGapsAreWhite() throws {
    let image = try render(
      ImageGridFigure(images: Self.images, imageHeight: 8, imageWidth: 8, titles: Self.titles))
    let strips = [
      image.pixels(inFigureX: 0, y: 0, width: 80, height: 500),
      image.pixels(inFigureX: 640, y: 0, width: 60, height: 500),
      image.pixels(inFigureX: 0, y: 420, width: 700, height: 80),
      // Between the first two tiles of the top row, below the titles.
      image.pixels(
        inFigureX: Self.firstX + Self.side + 2, y: Self.rowY[0], width: 14, height: Self.side),
    ]
    for strip in strips {
      XCTAssertTrue(strip.allSatisfy { $0 == .white }, "a margin is not white")
    }
  }

  func testTitlesAreDrawnAboveTheirTileInTheirColour() throws {
    var colors = Array(repeating: RGB.black, count: 10)
    colors[6] = .tabRed
    let image = try render(
      ImageGridFigure(
        images: Self.images, imageHeight: 8, imageWidth: 8, titles: Self.titles,
        titleColors: colors))
    func titleInk(_ index: Int) -> [Pixel] {
      let (x, y) = tileRect(index)
      return image.pixels(inFigureX: x - 5, y: y - 50, width: Self.side + 10, height: 45)
        .filter { $0 != .white }
    }
    let red = Pixel(0xd6, 0x27, 0x28)
    let redInk = titleInk(6)
    XCTAssertFalse(redInk.isEmpty, "no title above tile 6")
    XCTAssertTrue(redInk.contains { $0.distance(to: red) <= 30 }, "tile 6's title is not red")
    let blackInk = titleInk(1)
    XCTAssertTrue(
      blackInk.contains { $0.distance(to: .black) <= 30 }, "tile 1's title is not black")
    XCTAssertFalse(blackInk.contains { $0.r > $0.g + 60 }, "tile 1's title has red in it")
    // The suptitle: centred near the top of the figure.
    let suptitle = image.pixels(inFigureX: 150, y: 5, width: 400, height: 25)
    XCTAssertTrue(suptitle.contains { $0.luma < 60 }, "no suptitle")
  }

  func testOtherCountsRender() throws {
    for count in [1, 3, 4, 7, 12, 20] {
      let figure = ImageGridFigure(
        images: (0..<count).map { Self.images[$0 % 10] }, imageHeight: 8, imageWidth: 8,
        titles: Array(repeating: "a\nb", count: count))
      let image = try render(figure)
      XCTAssertEqual([image.width, image.height], [700, 500], "\(count) images")
    }
  }

  func testInvalidInputIsRejected() {
    let nan = Self.images.enumerated().map {
      $0.offset == 4 ? [Double.nan] + $0.element.dropFirst() : $0.element
    }
    let cases: [(String, ImageGridFigure)] = [
      (
        "NaN pixel",
        ImageGridFigure(images: nan, imageHeight: 8, imageWidth: 8, titles: Self.titles)
      ),
      (
        "infinite pixel",
        ImageGridFigure(
          images: [[.infinity] + Array(repeating: 0, count: 63)], imageHeight: 8, imageWidth: 8,
          titles: ["x"])
      ),
      ("no images", ImageGridFigure(images: [], imageHeight: 8, imageWidth: 8, titles: [])),
      (
        "wrong pixel count",
        ImageGridFigure(images: [[1, 2, 3]], imageHeight: 8, imageWidth: 8, titles: ["x"])
      ),
      (
        "title count",
        ImageGridFigure(images: Self.images, imageHeight: 8, imageWidth: 8, titles: ["x"])
      ),
      (
        "colour count",
        ImageGridFigure(
          images: Self.images, imageHeight: 8, imageWidth: 8, titles: Self.titles,
          titleColors: [.tabRed])
      ),
      (
        "zero columns",
        ImageGridFigure(
          images: Self.images, imageHeight: 8, imageWidth: 8, titles: Self.titles, columns: 0)
      ),
      ("zero height", ImageGridFigure(images: [[]], imageHeight: 0, imageWidth: 8, titles: [])),
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
