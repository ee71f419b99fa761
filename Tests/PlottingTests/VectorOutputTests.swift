import Foundation
import Plotting
import XCTest

#if canImport(FoundationXML)
import FoundationXML
#endif

final class VectorOutputTests: XCTestCase {
  let confusion = ConfusionMatrixFigure(
    counts: [[5, 1, 0], [2, 7, 1], [0, 0, 9]], labels: ["setosa", "versicolor", "virginica"],
    title: "Iris & friends")
  let metadata = FigureMetadata(
    title: "Confusion <matrix>", software: "report 0.1", description: "gamma=0.25")

  func testSVGIsWellFormedAndCarriesTheFiguresText() throws {
    let svg = String(
      decoding: try confusion.render(as: .svg, scale: 1, metadata: metadata), as: UTF8.self)
    XCTAssertTrue(svg.hasPrefix("<?xml"), "no XML declaration")
    let afterDeclaration = try XCTUnwrap(svg.range(of: "?>")).upperBound
    XCTAssertTrue(
      svg[afterDeclaration...].trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("<svg"))
    // 640 x 480 pixels at 100 dpi is 460.8 x 345.6 points.
    XCTAssertTrue(svg.contains("width=\"460.8pt\" height=\"345.6pt\""))
    for text in [
      "Predicted label", "True label", "setosa", "versicolor", "virginica", "Iris &amp; friends",
    ] {
      XCTAssertTrue(svg.contains(text), "SVG lacks \(text)")
    }
    XCTAssertTrue(svg.contains("<title>Confusion &lt;matrix&gt;</title>"))
    XCTAssertTrue(svg.contains("<dc:creator>report 0.1</dc:creator>"))
    XCTAssertTrue(svg.contains("image-rendering:pixelated"))
    let parser = XMLParser(data: Data(svg.utf8))
    XCTAssertTrue(
      parser.parse(), "SVG is not well-formed XML: \(String(describing: parser.parserError))")
  }

  func testPDFIsADocumentWithTheFiguresTextInItsInformation() throws {
    let bytes = try confusion.render(as: .pdf, scale: 1, metadata: metadata)
    XCTAssertEqual(Array(bytes.prefix(5)), Array("%PDF-".utf8))
    let text = String(decoding: bytes, as: UTF8.self)
    XCTAssertTrue(text.hasSuffix("%%EOF\n") || text.hasSuffix("%%EOF"))
    XCTAssertTrue(text.contains("/MediaBox [ 0 0 460.8 345.6 ]"), "page is not 6.4 x 4.8 in")
    XCTAssertTrue(text.contains("/Title (Confusion <matrix>)"))
    XCTAssertTrue(text.contains("/Creator (report 0.1)"))
    XCTAssertTrue(text.contains("/Subject (gamma=0.25)"))
    for word in ["Predicted label", "True label", "setosa", "versicolor", "virginica"] {
      XCTAssertTrue(text.contains(word), "PDF keywords lack \(word)")
    }
    // The glyphs are real text: an embedded font with a ToUnicode map.
    XCTAssertTrue(text.contains("/ToUnicode"))
    XCTAssertTrue(text.contains("/Interpolate false"))
  }

  func testImageGridVectorOutputs() throws {
    let grid = ImageGridFigure(
      images: [Array(stride(from: 0.0, to: 64, by: 1)), Array(repeating: 1, count: 64)],
      imageHeight: 8, imageWidth: 8, titles: ["predict: 1\ntrue: 7", "predict: 3\ntrue: 3"])
    let svg = String(
      decoding: try grid.render(as: .svg, scale: 1, metadata: FigureMetadata()), as: UTF8.self)
    XCTAssertTrue(svg.contains("width=\"504pt\" height=\"360pt\""))
    XCTAssertTrue(svg.contains("Learning with small amount of labeled data"))
    XCTAssertTrue(svg.contains("predict: 1 true: 7"))
    let pdf = String(
      decoding: try grid.render(as: .pdf, scale: 1, metadata: FigureMetadata()), as: UTF8.self)
    XCTAssertTrue(pdf.hasPrefix("%PDF-"))
    XCTAssertTrue(pdf.contains("predict: 3 true: 3"))
  }

  func testScaleDoesNotChangeVectorPageSize() throws {
    for scale in [0.5, 1, 3] {
      let svg = String(
        decoding: try confusion.render(as: .svg, scale: scale, metadata: metadata), as: UTF8.self)
      XCTAssertTrue(svg.contains("width=\"460.8pt\" height=\"345.6pt\""), "SVG at scale \(scale)")
      let pdf = String(
        decoding: try confusion.render(as: .pdf, scale: scale, metadata: metadata), as: UTF8.self)
      XCTAssertTrue(pdf.contains("/MediaBox [ 0 0 460.8 345.6 ]"), "PDF at scale \(scale)")
    }
  }
}
