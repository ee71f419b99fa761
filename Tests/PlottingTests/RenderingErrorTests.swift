import Foundation
import Plotting
import XCTest

final class RenderingErrorTests: XCTestCase {
  let figure = ConfusionMatrixFigure(counts: [[5, 1], [2, 7]], labels: ["a", "b"])

  func testScaleOutsideTheRangeIsInvalid() {
    for scale in [0, 0.2, 8.5, -1, .nan, .infinity, -.infinity] {
      for format in FigureFormat.allCases {
        assertThrowsPlotError("scale \(scale) as \(format)") { () throws(PlotError) in
          _ = try figure.render(as: format, scale: scale, metadata: FigureMetadata())
        } matches: {
          isInvalid($0)
        }
      }
    }
    XCTAssertNoThrow(try figure.render(as: .png, scale: 0.25, metadata: FigureMetadata()))
    XCTAssertNoThrow(try figure.render(as: .png, scale: 8, metadata: FigureMetadata()))
  }

  func testSizesThatCannotBeDrawnAreInvalid() {
    for size in [
      FigureSize(width: 0, height: 480), FigureSize(width: 640, height: -3),
      FigureSize(width: .nan, height: 480), FigureSize(width: 640, height: .infinity),
      FigureSize(width: 1e6, height: 1e6),
    ] {
      let sized = ConfusionMatrixFigure(counts: [[1]], labels: ["a"], size: size)
      assertThrowsPlotError("size \(size)") { () throws(PlotError) in
        _ = try sized.render(as: .png, scale: 1, metadata: FigureMetadata())
      } matches: {
        isInvalid($0)
      }
    }
  }

  func testCairosOwnSizeLimitSurfacesAsACairoError() {
    // Cairo image surfaces are at most 32767 pixels a side: CAIRO_STATUS_INVALID_SIZE.
    let wide = ImageGridFigure(
      images: [Array(repeating: 0, count: 64)], imageHeight: 8, imageWidth: 8, titles: ["x"],
      size: FigureSize(width: 40_000, height: 300))
    assertThrowsPlotError("a 40000 pixel wide PNG") { () throws(PlotError) in
      _ = try wide.render(as: .png, scale: 1, metadata: FigureMetadata())
    } matches: { error in
      guard case .cairo(_, _, let message) = error else { return false }
      return message.contains("size")
    }
  }

  func testErrorsDescribeThemselves() {
    XCTAssertEqual(
      PlotError.invalid("no data").description, "invalid figure: no data")
    XCTAssertTrue(
      PlotError.io(path: "/x/y.png", operation: "create", message: "No such file or directory")
        .description.contains("/x/y.png"))
  }

  func testWriteIsAtomicAndReportsTheFailingPath() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("plotting-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("figure.png").path
    try Data("old".utf8).write(to: URL(fileURLWithPath: path))
    try figure.write(to: path)
    let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    XCTAssertEqual(try DecodedPNG.decode(written).width, 640)
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["figure.png"])
    // The format comes from the extension.
    let svgPath = folder.appendingPathComponent("figure.svg").path
    try figure.write(to: svgPath)
    XCTAssertTrue(try String(contentsOfFile: svgPath, encoding: .utf8).contains("<svg"))

    let missing = folder.appendingPathComponent("no/such/folder/figure.png").path
    assertThrowsPlotError("writing into a missing folder") { () throws(PlotError) in
      try figure.write(to: missing)
    } matches: { error in
      guard case .io(let failing, _, let message) = error else { return false }
      return failing.hasPrefix(folder.appendingPathComponent("no/such/folder").path)
        && message == String(cString: strerror(ENOENT))
    }
    assertThrowsPlotError("an unknown extension") { () throws(PlotError) in
      try figure.write(to: folder.appendingPathComponent("figure.gif").path)
    } matches: {
      isInvalid($0)
    }
    // A failed render leaves the previous file alone.
    let broken = ConfusionMatrixFigure(counts: [[1, 2]], labels: ["a"])
    assertThrowsPlotError("a broken figure") { () throws(PlotError) in
      try broken.write(to: path)
    } matches: {
      isInvalid($0)
    }
    XCTAssertEqual(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))), written)
  }

  func testFormatsDescribeTheirFiles() {
    XCTAssertEqual(FigureFormat.allCases.map(\.fileExtension), ["png", "svg", "pdf"])
    XCTAssertEqual(
      FigureFormat.allCases.map(\.mimeType), ["image/png", "image/svg+xml", "application/pdf"])
    XCTAssertEqual(FigureFormat(pathExtensionOf: "out/a.b/Figure.PDF"), .pdf)
    XCTAssertNil(FigureFormat(pathExtensionOf: "out.d/figure"))
  }
}
