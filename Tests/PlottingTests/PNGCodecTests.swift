import Plotting
import XCTest

final class PNGCodecTests: XCTestCase {
  let figure = ConfusionMatrixFigure(counts: [[5, 1], [2, 7]], labels: ["cat", "dog"])

  func testMetadataRoundTripsThroughTextChunks() throws {
    let metadata = FigureMetadata(
      title: "Confusion matrix", software: "report 0.1 (Plotting)",
      description: "gamma=0.25, max_iter=20, 40 labelled of 340 samples")
    let decoded = try DecodedPNG.decode(figure.render(as: .png, scale: 1, metadata: metadata))
    XCTAssertEqual(decoded.text["Title"], metadata.title)
    XCTAssertEqual(decoded.text["Software"], metadata.software)
    XCTAssertEqual(decoded.text["Description"], metadata.description)
  }

  func testTextBeyondLatin1IsStoredAsUTF8() throws {
    let metadata = FigureMetadata(
      title: "Matrice de confusion — γ = 0,25", software: "report ✓", description: "café")
    let bytes = try figure.render(as: .png, scale: 1, metadata: metadata)
    let decoded = try DecodedPNG.decode(bytes)
    XCTAssertEqual(decoded.text["Title"], metadata.title)
    XCTAssertEqual(decoded.text["Software"], metadata.software)
    XCTAssertEqual(decoded.text["Description"], "café")
    // Latin-1 text goes in a tEXt chunk, the rest in iTXt (PNG specification).
    XCTAssertNotNil(find(Array("iTXtTitle".utf8), in: bytes))
    XCTAssertNotNil(find(Array("tEXtDescription".utf8), in: bytes))
    XCTAssertNotNil(find(Array("caf".utf8) + [0xE9], in: bytes))
  }

  func testEmptyMetadataFieldsAreLeftOutButTheFigureNamesItself() throws {
    let decoded = try DecodedPNG.decode(
      figure.render(as: .png, scale: 1, metadata: FigureMetadata()))
    XCTAssertEqual(decoded.text, ["Title": "Confusion matrix"])
  }

  func testPhysicalSizeIsOneHundredDotsPerInchTimesScale() throws {
    // pHYs holds pixels per metre: 100 dpi = 3937, 200 dpi = 7874, unit byte 1 (metre).
    for (scale, perMetre) in [(1.0, 3937), (2.0, 7874)] {
      let bytes = try figure.render(as: .png, scale: scale, metadata: FigureMetadata())
      let chunk = try XCTUnwrap(find(Array("pHYs".utf8), in: bytes))
      let data = Array(bytes[(chunk + 4)..<(chunk + 13)])
      let x = data[0..<4].reduce(0) { $0 << 8 | Int($1) }
      let y = data[4..<8].reduce(0) { $0 << 8 | Int($1) }
      XCTAssertEqual([x, y, Int(data[8])], [perMetre, perMetre, 1])
    }
  }

  func testStreamIsAnOpaqueEightBitPNG() throws {
    let bytes = try figure.render(as: .png, scale: 1, metadata: FigureMetadata())
    XCTAssertEqual(Array(bytes.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    // IHDR: width, height, bit depth 8, colour type 6 (RGBA).
    XCTAssertEqual(Array(bytes[12..<16]), Array("IHDR".utf8))
    XCTAssertEqual(Array(bytes[16..<26]), [0, 0, 2, 0x80, 0, 0, 1, 0xE0, 8, 6])
    XCTAssertEqual(Array(bytes.suffix(8)), Array("IEND".utf8) + [0xAE, 0x42, 0x60, 0x82])
    let decoded = try DecodedPNG.decode(bytes)
    XCTAssertEqual(decoded.rgba.count, 640 * 480 * 4)
    XCTAssertTrue(
      stride(from: 3, to: decoded.rgba.count, by: 4).allSatisfy { decoded.rgba[$0] == 255 })
  }

  func testDecodingRejectsDamagedStreams() throws {
    assertThrowsPlotError("garbage") { () throws(PlotError) in
      _ = try DecodedPNG.decode(Array("not a png at all".utf8))
    } matches: {
      if case .png = $0 { return true }
      return false
    }
    let bytes = try figure.render(as: .png, scale: 1, metadata: FigureMetadata())
    assertThrowsPlotError("truncated") { () throws(PlotError) in
      _ = try DecodedPNG.decode(Array(bytes.prefix(bytes.count / 2)))
    } matches: {
      if case .png = $0 { return true }
      return false
    }
  }

  /// The offset of the first occurrence of `needle` in `haystack`.
  private func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard haystack.count >= needle.count else { return nil }
    for start in 0...(haystack.count - needle.count)
    where haystack[start..<(start + needle.count)].elementsEqual(needle) {
      return start
    }
    return nil
  }
}
