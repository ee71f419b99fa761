import Plotting
import XCTest

/// Confusion matrices with more classes than a figure can annotate.
///
/// A heatmap draws each cell's number only where it fits in the cell, then
/// each tick label only where the labels do not run into each other; it never
/// fails for lack of room (about 400 classes used to stop the report with
/// "invalid matrix", exit 74).
final class LargeHeatmapTests: XCTestCase {
  /// `classes` x `classes` counts: a strong diagonal and some confusion off it.
  private func counts(_ classes: Int) -> [[Int]] {
    (0..<classes).map { row in
      (0..<classes).map { column in
        row == column ? 40 + row % 7 : (row * 31 + column * 17) % 23 == 0 ? 3 : 0
      }
    }
  }

  /// The confusion matrix's heatmap with every cell text empty.
  private func withoutCellTexts(_ figure: ConfusionMatrixFigure) -> HeatmapFigure {
    HeatmapFigure(
      values: figure.values, cellTexts: figure.values.map { $0.map { _ in "" } },
      rowLabels: figure.labels, columnLabels: figure.labels, xLabel: "Predicted label",
      yLabel: "True label")
  }

  private func labels(_ classes: Int) -> [String] { (0..<classes).map { "class_\($0)" } }

  func testFourHundredClassesRenderInEveryFormat() throws {
    let figure = ConfusionMatrixFigure(counts: counts(400), labels: labels(400))
    for scale in [1.0, 2.0] {
      let image = try DecodedPNG.decode(figure.render(as: .png, scale: scale))
      XCTAssertEqual(image.width, Int(640 * scale))
      XCTAssertEqual(image.height, Int(480 * scale))
      // The matrix is drawn: the heatmap's middle is viridis, not white.
      XCTAssertNotEqual(image.color(atFigureX: 292, y: 242, scale: scale), .white)
    }
    for format in [FigureFormat.svg, .pdf] {
      XCTAssertFalse(try figure.render(as: format).isEmpty, "\(format)")
    }
  }

  func testAThousandClassesStillRender() throws {
    let figure = ConfusionMatrixFigure(counts: counts(1000), labels: labels(1000))
    let image = try DecodedPNG.decode(figure.render(as: .png, scale: 1))
    XCTAssertEqual(image.width, 640)
  }

  /// With 50 classes a cell is about 7 pixels wide: its number would not fit and is not
  /// drawn, so the figure equals the same heatmap with no cell texts at all.
  func testFiftyClassesDropTheNumbers() throws {
    let figure = ConfusionMatrixFigure(counts: counts(50), labels: labels(50))
    let drawn = try DecodedPNG.decode(figure.render(as: .png))
    let bare = try DecodedPNG.decode(withoutCellTexts(figure).render(as: .png))
    XCTAssertTrue(drawn.rgba == bare.rgba)
  }

  /// Ten classes keep every number: the figure differs from one without cell texts.
  func testTenClassesKeepTheNumbers() throws {
    let figure = ConfusionMatrixFigure(counts: counts(10), labels: labels(10))
    let drawn = try DecodedPNG.decode(figure.render(as: .png))
    let bare = try DecodedPNG.decode(withoutCellTexts(figure).render(as: .png))
    XCTAssertFalse(drawn.rgba == bare.rgba)
  }

  /// 400 rows of 10-point labels in 370 pixels would overlap: the labels are thinned
  /// so that no two touch, and the ones left are still there.
  func testTickLabelsOfManyClassesDoNotOverlap() throws {
    let image = try DecodedPNG.decode(
      ConfusionMatrixFigure(counts: counts(400), labels: labels(400)).render(as: .png))
    // Left of the heatmap (x 107) the row labels: some ink, and white gaps between them.
    var inked = 0
    var blankRows = 0
    for y in 58..<427 {
      let row = (40..<100).map { image.color(x: $0, y: y) }
      if row.contains(where: { $0.luma < 128 }) { inked += 1 }
      if row.allSatisfy({ $0 == .white }) { blankRows += 1 }
    }
    XCTAssertGreaterThan(inked, 20)
    XCTAssertGreaterThan(blankRows, 50)
  }

  /// The uncertain samples of tabular data: one row of class probabilities each.
  ///
  /// With 400 classes a row is thinner than a pixel, which snapped to no height and
  /// stopped the report with "invalid matrix" (exit 74).
  func testProbabilityRowsOfFourHundredClassesRender() throws {
    let images = (0..<10).map { sample in
      (0..<400).map { Double(($0 + sample) % 400 == 0 ? 1 : 0) }
    }
    let figure = ImageGridFigure(
      images: images, imageHeight: 1, imageWidth: 400,
      titles: (0..<10).map { "predict: class_\($0)\ntrue: ?" },
      suptitle: "Most uncertain samples: class probabilities, darker is likelier")
    for scale in [1.0, 2.0] {
      let image = try DecodedPNG.decode(figure.render(as: .png, scale: scale))
      XCTAssertGreaterThan(image.width, 0)
    }
  }
}
