import Foundation
import XCTest

/// `--embed` makes `report.html` stand alone, downloads included; `--scale` above 1 adds a
/// high-density copy of each PNG that the page offers through `srcset`.
final class EmbedAndDensityTests: XCTestCase {
  private func run(
    _ arguments: [String], in folder: URL, environment: [String: String] = [:]
  ) throws -> Int32 {
    let process = Process()
    process.executableURL = Binary.url
    process.arguments = arguments + ["--quiet"]
    process.currentDirectoryURL = folder
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
  }

  /// Every `href`, `src` and `srcset` value of `html`.
  private func references(_ html: String) throws -> [String] {
    let pattern = try NSRegularExpression(pattern: #"\b(?:href|src|srcset)="([^"]*)""#)
    let range = NSRange(html.startIndex..., in: html)
    return pattern.matches(in: html, range: range).compactMap {
      Range($0.range(at: 1), in: html).map { String(html[$0]) }
    }
  }

  /// The bytes of the `data:` link saved as `name`.
  private func embedded(_ name: String, in html: String) throws -> Data? {
    let pattern = try NSRegularExpression(
      pattern: #"href="data:[^;"]+(?:;charset=utf-8)?;base64,([^"]+)" download="\#(name)""#)
    let range = NSRange(html.startIndex..., in: html)
    guard let match = pattern.firstMatch(in: html, range: range),
      let found = Range(match.range(at: 1), in: html)
    else { return nil }
    return Data(base64Encoded: String(html[found]))
  }

  func testAnEmbeddedReportNeedsNoFileBesideIt() throws {
    let folder = try Binary.scratchFolder(self)
    XCTAssertEqual(try run(["--embed", "--output", "out"], in: folder), 0)
    let output = folder.appendingPathComponent("out")
    let html = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
    for name in ["metrics.json", "predictions.csv"] {
      XCTAssertEqual(
        try embedded(name, in: html), try Data(contentsOf: output.appendingPathComponent(name)),
        "\(name) is not inside the page")
    }
    for reference in try references(html) {
      XCTAssert(
        reference.hasPrefix("data:") || reference.hasPrefix("#")
          || reference.hasPrefix("https://"), "the page needs \(reference.prefix(60))")
    }
    XCTAssertTrue(html.contains("This page holds them"))
    XCTAssertFalse(html.contains("The files sit beside this page"))
  }

  func testEveryEmbeddedPageCarriesItsDownloads() throws {
    let folder = try Binary.scratchFolder(self)
    let cases: [(arguments: [String], page: String, file: String)] = [
      (
        ["curve", "--labeled", "10,20", "--repeats", "1"], "learning_curve.html",
        "learning_curve.json"
      ),
      (
        ["tune", "--gammas", "0.1,1", "--alphas", "0.2", "--folds", "2"], "tuning.html",
        "tuning.json"
      ),
      (["active-learning", "--rounds", "1"], "active_learning.html", "active_learning.json"),
      (["query", "--count", "3"], "queries.html", "queries.csv"),
    ]
    for (index, item) in cases.enumerated() {
      let output = folder.appendingPathComponent("out\(index)")
      XCTAssertEqual(try run(item.arguments + ["--embed", "--output", output.path], in: folder), 0)
      let html = try String(contentsOf: output.appendingPathComponent(item.page), encoding: .utf8)
      XCTAssertEqual(
        try embedded(item.file, in: html),
        try Data(contentsOf: output.appendingPathComponent(item.file)),
        "\(item.file) is not inside \(item.page)")
      XCTAssertTrue(html.contains("This page holds them"), item.page)
    }
  }

  func testAFileAboveTheLimitIsLeftOutAndThePageSaysSo() throws {
    let folder = try Binary.scratchFolder(self)
    let status = try run(
      ["--embed", "--output", "out"], in: folder,
      environment: ["REPORT_TEST_EMBED_LIMIT": "20000"])
    XCTAssertEqual(status, 0)
    let output = folder.appendingPathComponent("out")
    let html = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
    // metrics.json (some 10 kB) is inside, predictions.csv (some 60 kB) is not.
    XCTAssertNotNil(try embedded("metrics.json", in: html))
    XCTAssertNil(try embedded("predictions.csv", in: html))
    XCTAssertFalse(try references(html).contains("predictions.csv"))
    XCTAssertTrue(
      html.contains(
        "<span class=\"file\">predictions.csv</span><span class=\"file-meta\">one row per sample"))
    XCTAssertTrue(html.contains("Not included in this page (larger than the limit for embedding)"))
  }

  /// Width and height from a PNG's IHDR chunk.
  private func pngSize(_ url: URL) throws -> (Int, Int) {
    let bytes = [UInt8](try Data(contentsOf: url))
    func word(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
    return (word(16), word(20))
  }

  func testScaleTwoAddsAHighDensityCopyThatThePageOffers() throws {
    let folder = try Binary.scratchFolder(self)
    XCTAssertEqual(try run(["--scale", "2", "--output", "dense"], in: folder), 0)
    XCTAssertEqual(try run(["--output", "plain"], in: folder), 0)
    let dense = folder.appendingPathComponent("dense")
    let plain = folder.appendingPathComponent("plain")
    for stem in ["confusion_matrix", "uncertain_digits", "residuals"] {
      let (width, height) = try pngSize(dense.appendingPathComponent("\(stem).png"))
      XCTAssertEqual(try pngSize(plain.appendingPathComponent("\(stem).png")).0, width)
      let (denseWidth, denseHeight) = try pngSize(dense.appendingPathComponent("\(stem)@2x.png"))
      XCTAssertEqual(denseWidth, 2 * width, stem)
      XCTAssertEqual(denseHeight, 2 * height, stem)
      XCTAssertFalse(
        FileManager.default.fileExists(atPath: plain.appendingPathComponent("\(stem)@2x.png").path))
    }
    let html = try String(contentsOf: dense.appendingPathComponent("report.html"), encoding: .utf8)
    XCTAssertTrue(
      html.contains(
        #"<img src="confusion_matrix.png" srcset="confusion_matrix.png 1x, confusion_matrix%402x.png 2x""#
      ), html)
    let plainHTML = try String(
      contentsOf: plain.appendingPathComponent("report.html"), encoding: .utf8)
    XCTAssertFalse(plainHTML.contains("srcset"))

    // A run without --scale removes the high-density copies of the earlier run.
    XCTAssertEqual(try run(["--output", "dense"], in: folder), 0)
    XCTAssertFalse(
      FileManager.default.fileExists(atPath: dense.appendingPathComponent("residuals@2x.png").path))
  }
}
