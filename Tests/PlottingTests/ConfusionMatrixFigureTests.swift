import Plotting
import XCTest

/// Checks the heatmap against facts from matplotlib 3.11.
///
/// - `fig.colorbar(ax.imshow(cm), ax=ax)` in a 640 x 480 figure puts the image axes at
///   x 107.2, y 57.6 (from the top), 369.6 square, and the colorbar at x 501.6, same top,
///   18.48 x 369.6 (`Axes.get_window_extent` on the seed's figure).
/// - viridis as 8-bit image colours, `(cmap(i) * 255).astype(uint8)`, for some entries.
final class ConfusionMatrixFigureTests: XCTestCase {
  static let heatmap = (x: 107.2, y: 57.6, side: 369.6)
  static let colorbar = (x: 501.6, y: 57.6, width: 18.48, height: 369.6)

  static let viridisBytes: [Int: Pixel] = [
    0: Pixel(68, 1, 84), 32: Pixel(71, 44, 123), 64: Pixel(58, 82, 139),
    96: Pixel(44, 114, 142), 128: Pixel(32, 144, 140), 160: Pixel(40, 174, 127),
    192: Pixel(94, 201, 97), 224: Pixel(173, 220, 48), 255: Pixel(253, 231, 36),
  ]

  /// A 10 x 10 matrix from 0 to 255, so that a value v normalises to v / 255 and lands on
  /// viridis entry `Int(v / 255 * 256)` = v for every value used.
  static let levels = [0, 32, 64, 96, 128, 160, 192, 224, 255]
  static let counts: [[Int]] = (0..<10).map { row in
    (0..<10).map { column in levels[(row + 2 * column) % levels.count] }
  }
  static let labels = (0..<10).map { "c\($0)" }

  private func render(
    _ figure: ConfusionMatrixFigure, scale: Double = 1
  ) throws -> DecodedPNG {
    try DecodedPNG.decode(figure.render(as: .png, scale: scale, metadata: FigureMetadata()))
  }

  /// Centre of the lower quarter of a cell: inside the cell, clear of the centred text.
  private func cellProbe(row: Int, column: Int) -> (x: Double, y: Double) {
    let cell = Self.heatmap.side / 10
    return (
      Self.heatmap.x + (Double(column) + 0.5) * cell, Self.heatmap.y + (Double(row) + 0.8) * cell
    )
  }

  func testPixelSizeFollowsScale() throws {
    let figure = ConfusionMatrixFigure(counts: Self.counts, labels: Self.labels)
    let one = try render(figure)
    XCTAssertEqual(one.width, 640)
    XCTAssertEqual(one.height, 480)
    let two = try render(figure, scale: 2)
    XCTAssertEqual(two.width, 1280)
    XCTAssertEqual(two.height, 960)
  }

  func testCellColoursAreViridisOfTheirValue() throws {
    for scale in [1.0, 2.0] {
      let image = try render(
        ConfusionMatrixFigure(counts: Self.counts, labels: Self.labels), scale: scale)
      for row in 0..<10 {
        for column in 0..<10 {
          let probe = cellProbe(row: row, column: column)
          let value = Self.counts[row][column]
          assertColor(
            image.color(atFigureX: probe.x, y: probe.y, scale: scale),
            Self.viridisBytes[value]!, within: 2,
            "cell (\(row), \(column)) = \(value), scale \(scale)")
        }
      }
    }
  }

  func testAnnotationColourFlipsAtTheMidpointOfTheRange() throws {
    let image = try render(ConfusionMatrixFigure(counts: Self.counts, labels: Self.labels))
    let light = Self.viridisBytes[255]!
    let dark = Self.viridisBytes[0]!
    // scikit-learn: cmap(1.0) on values below (max + min) / 2 = 127.5, cmap(0) otherwise.
    let threshold = 127.5
    let cell = Self.heatmap.side / 10
    for row in 0..<10 {
      for column in 0..<10 {
        let value = Double(Self.counts[row][column])
        let background = Self.viridisBytes[Self.counts[row][column]]!
        let expected = value < threshold ? light : dark
        let other = value < threshold ? dark : light
        // The text box: the middle of the cell.
        let box = image.pixels(
          inFigureX: Self.heatmap.x + (Double(column) + 0.2) * cell,
          y: Self.heatmap.y + (Double(row) + 0.25) * cell, width: 0.6 * cell, height: 0.5 * cell)
        let ink = box.max { $0.distance(to: background) < $1.distance(to: background) }!
        XCTAssertGreaterThan(
          ink.distance(to: background), 60, "no text drawn in cell (\(row), \(column))")
        XCTAssertLessThan(
          ink.distance(to: expected), ink.distance(to: other),
          "text of cell (\(row), \(column)) = \(value) should be \(expected), is \(ink)")
        assertColor(ink, expected, within: 40, "text of cell (\(row), \(column))")
      }
    }
  }

  func testColorbarRunsFromMinimumToMaximumMonotonically() throws {
    let image = try render(ConfusionMatrixFigure(counts: Self.counts, labels: Self.labels))
    let bar = Self.colorbar
    let x = bar.x + bar.width / 2
    // Skip the frame at both ends.
    let top = Int(bar.y.rounded(.up)) + 2
    let bottom = Int((bar.y + bar.height).rounded(.down)) - 3
    let column = (top...bottom).reversed().map { image.color(x: Int(x), y: $0) }
    for (lower, upper) in zip(column, column.dropFirst()) {
      XCTAssertGreaterThanOrEqual(upper.luma, lower.luma - 0.5, "colorbar not monotonic")
    }
    // The samples next to the frame are the first and last two of 256 bands 1.44 pixels
    // tall; neighbouring viridis entries differ by up to 3 there.
    assertColor(column.first!, Self.viridisBytes[0]!, within: 4, "colorbar bottom")
    assertColor(column.last!, Self.viridisBytes[255]!, within: 4, "colorbar top")
    // Half way up is the middle of the map.
    assertColor(
      image.color(atFigureX: x, y: bar.y + bar.height / 2 - 0.5), Self.viridisBytes[128]!,
      within: 2, "colorbar middle")
  }

  func testMarginsAreWhite() throws {
    let image = try render(ConfusionMatrixFigure(counts: Self.counts, labels: Self.labels))
    let strips = [
      image.pixels(inFigureX: 0, y: 0, width: 640, height: 40),
      image.pixels(inFigureX: 0, y: 0, width: 40, height: 480),
      image.pixels(inFigureX: 600, y: 0, width: 40, height: 480),
      image.pixels(inFigureX: 0, y: 470, width: 640, height: 10),
    ]
    for strip in strips {
      XCTAssertTrue(strip.allSatisfy { $0 == .white }, "a margin is not white")
    }
  }

  func testNormalisedValuesFollowScikitLearn() {
    // normalize="true" divides rows; an all-zero row gives 0 rather than NaN.
    let figure = ConfusionMatrixFigure(
      counts: [[3, 1, 0], [0, 0, 0], [1, 1, 1]], labels: ["a", "b", "c"], normalize: .trueLabel)
    XCTAssertEqual(figure.values[0], [0.75, 0.25, 0])
    XCTAssertEqual(figure.values[1], [0, 0, 0])
    XCTAssertEqual(
      figure.cellTexts, [["0.75", "0.25", "0"], ["0", "0", "0"], ["0.33", "0.33", "0.33"]])
    let byColumn = ConfusionMatrixFigure(
      counts: [[1, 0], [2, 0]], labels: ["a", "b"], normalize: .predictedLabel)
    XCTAssertEqual(byColumn.cellTexts, [["0.33", "0"], ["0.67", "0"]])
    let overall = ConfusionMatrixFigure(
      counts: [[1, 1], [1, 1]], labels: ["a", "b"], normalize: .all)
    XCTAssertEqual(overall.cellTexts, [["0.25", "0.25"], ["0.25", "0.25"]])
  }

  func testIntegerCountsUseTheShorterOfDecimalAndTwoSignificantDigits() {
    // format(v, "d") unless format(v, ".2g") is shorter: 1234567 -> "1.2e+06" (7 < 7 is
    // false, so "1.2e+06" stays), 100 -> "100", 0 -> "0".
    let figure = ConfusionMatrixFigure(
      counts: [[1_234_567, 100], [0, 12_345_678]], labels: ["a", "b"])
    XCTAssertEqual(figure.cellTexts, [["1.2e+06", "100"], ["0", "1.2e+07"]])
  }

  func testConstantMatrixIsDrawnInMidViridisWithDarkText() throws {
    // matplotlib's colorbar widens 4...4 to 3.6...4.4, so 4 sits at viridis(0.5) and
    // the text (4 is not below the threshold 4) is dark.
    let figure = ConfusionMatrixFigure(
      counts: Array(repeating: Array(repeating: 4, count: 10), count: 10), labels: Self.labels)
    let image = try render(figure)
    for row in [0, 4, 9] {
      for column in [0, 5, 9] {
        let probe = cellProbe(row: row, column: column)
        assertColor(
          image.color(atFigureX: probe.x, y: probe.y), Self.viridisBytes[128]!, within: 2,
          "constant cell (\(row), \(column))")
      }
    }
    let cell = Self.heatmap.side / 10
    let box = image.pixels(
      inFigureX: Self.heatmap.x + 0.2 * cell, y: Self.heatmap.y + 0.25 * cell,
      width: 0.6 * cell, height: 0.5 * cell)
    let darkest = box.min { $0.luma < $1.luma }!
    assertColor(darkest, Self.viridisBytes[0]!, within: 40, "text on a constant matrix")
    let zeros = try render(
      ConfusionMatrixFigure(counts: [[0, 0], [0, 0]], labels: ["a", "b"]))
    XCTAssertEqual(zeros.width, 640)
  }

  func testInvalidMatricesAreRejected() {
    let cases: [(String, ConfusionMatrixFigure)] = [
      ("empty", ConfusionMatrixFigure(counts: [], labels: [])),
      ("not square", ConfusionMatrixFigure(counts: [[1, 2], [3]], labels: ["a", "b"])),
      ("label count", ConfusionMatrixFigure(counts: [[1, 2], [3, 4]], labels: ["a"])),
      ("negative", ConfusionMatrixFigure(counts: [[1, -2], [3, 4]], labels: ["a", "b"])),
    ]
    for (name, figure) in cases {
      for format in FigureFormat.allCases {
        assertThrowsPlotError("\(name) as \(format)") { () throws(PlotError) in
          _ = try figure.render(as: format, scale: 1, metadata: FigureMetadata())
        } matches: {
          isInvalid($0)
        }
      }
    }
  }
}
