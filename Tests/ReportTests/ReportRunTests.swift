import Foundation
import XCTest

/// End-to-end runs of the built `report` binary, compared with scikit-learn's fixtures.
final class ReportRunTests: XCTestCase {
  private struct Case: Decodable {
    let reportText: String
    let nIter: Int
    let converged: Bool
    let uncertain: [Int]
    let entropies: [Double]
    let transduction: [Int]
    let confusionMatrix: [[Int]]
    let classes: [Int]
    let indices: [Int]
    enum CodingKeys: String, CodingKey {
      case reportText = "report_text"
      case nIter = "n_iter"
      case converged, uncertain, entropies, transduction, classes, indices
      case confusionMatrix = "confusion_matrix"
    }
  }

  private func fixture(_ name: String) throws -> Case {
    try JSONDecoder().decode(
      Case.self, from: Data(contentsOf: Binary.fixture("case_\(name).json")))
  }

  private func json(_ url: URL) throws -> [String: Any] {
    try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
  }

  func testDefaultRunReproducesTheExample() throws {
    let folder = try Binary.scratchFolder(self)
    let run = try Binary.run([], in: folder)
    XCTAssertEqual(run.status, 0, run.stderr)
    let expected = try fixture("default")
    XCTAssertEqual(
      run.stdout,
      "Label Spreading model: 40 labeled & 300 unlabeled points (340 total)\n"
        + expected.reportText + "Report written to output/report.html\n")
    let output = folder.appendingPathComponent("output")
    for name in [
      "report.html", "confusion_matrix.png", "uncertain_digits.png", "metrics.json",
      "predictions.csv",
    ] {
      XCTAssertTrue(
        FileManager.default.fileExists(atPath: output.appendingPathComponent(name).path), name)
    }

    // The confusion matrix is the picture in the README, byte for byte: room for every
    // number and label, so nothing of a large matrix's thinning applies.
    XCTAssertEqual(
      try Data(contentsOf: output.appendingPathComponent("confusion_matrix.png")),
      try Data(contentsOf: Binary.projectRoot.appendingPathComponent("docs/confusion_matrix.png")))

    let metrics = try json(output.appendingPathComponent("metrics.json"))
    XCTAssertEqual(metrics["report_text"] as? String, expected.reportText)
    XCTAssertEqual(metrics["classes"] as? [Int], expected.classes)
    XCTAssertEqual(metrics["confusion_matrix"] as? [[Int]], expected.confusionMatrix)
    XCTAssertEqual(metrics["transduction"] as? [Int], expected.transduction)
    let model = try XCTUnwrap(metrics["model"] as? [String: Any])
    XCTAssertEqual(model["iterations"] as? Int, expected.nIter)
    XCTAssertEqual(model["converged"] as? Bool, expected.converged)
    let uncertain = try XCTUnwrap(metrics["uncertain"] as? [[String: Any]])
    XCTAssertEqual(uncertain.compactMap { $0["index"] as? Int }, expected.uncertain.reversed())
    XCTAssertEqual(
      uncertain.compactMap { $0["source_index"] as? Int },
      expected.uncertain.reversed().map { expected.indices[$0] })
    for entry in uncertain {
      let index = try XCTUnwrap(entry["index"] as? Int)
      let entropy = try XCTUnwrap(entry["entropy"] as? Double)
      XCTAssertEqual(entropy, expected.entropies[index], accuracy: 1e-9)
    }
    let data = try XCTUnwrap(metrics["data"] as? [String: Any])
    XCTAssertEqual(data["samples"] as? Int, 340)
    XCTAssertEqual(data["labeled"] as? Int, 40)
    XCTAssertEqual(data["seed"] as? Int, 2)
    XCTAssertEqual(
      data["sha256"] as? String, "6ebb3d2fee246a4e99363262ddf8a00a3c41bee6014c373ed9d9216ba7f651b8")
    let timings = try XCTUnwrap(metrics["timings_ms"] as? [String: Any])
    for key in ["load", "fit", "metrics", "render", "write", "total"] {
      XCTAssertNotNil(timings[key] as? Double, key)
    }

    let csv = try String(
      contentsOf: output.appendingPathComponent("predictions.csv"), encoding: .utf8)
    let lines = csv.split(separator: "\r\n")
    XCTAssertEqual(lines.count, 341)
    XCTAssertTrue(lines[0].hasPrefix("index,source_index,labeled,true,predicted,entropy,p_0,"))
    let html = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
    XCTAssertTrue(html.contains("src=\"confusion_matrix.png\""))
    XCTAssertTrue(html.contains("href=\"metrics.json\""))
    XCTAssertTrue(html.contains("<table"))
  }

  func testCSVRunMatchesScikitLearn() throws {
    let folder = try Binary.scratchFolder(self)
    let run = try Binary.run(
      [
        "--data", Binary.fixture("iris.csv").path, "--seed", "0", "--labeled", "15",
        "--standardize", "--gamma", "20", "--max-iter", "30", "--output", "iris",
      ], in: folder)
    XCTAssertEqual(run.status, 0, run.stderr)
    let expected = try fixture("iris_standardized")
    let metrics = try json(folder.appendingPathComponent("iris/metrics.json"))
    XCTAssertEqual(metrics["report_text"] as? String, expected.reportText)
    XCTAssertEqual(metrics["transduction"] as? [Int], expected.transduction)
    XCTAssertTrue(
      FileManager.default.fileExists(
        atPath: folder.appendingPathComponent("iris/uncertain_samples.png").path))
    XCTAssertFalse(
      FileManager.default.fileExists(
        atPath: folder.appendingPathComponent("iris/uncertain_digits.png").path))
  }

  func testEmbedLeavesNoFileReferences() throws {
    let folder = try Binary.scratchFolder(self)
    let run = try Binary.run(["--embed", "--quiet"], in: folder)
    XCTAssertEqual(run.status, 0, run.stderr)
    XCTAssertEqual(run.stdout, "")
    let html = try String(
      contentsOf: folder.appendingPathComponent("output/report.html"), encoding: .utf8)
    XCTAssertFalse(html.contains("src=\"confusion_matrix.png\""))
    XCTAssertFalse(html.contains("src=\"uncertain_digits.png\""))
    XCTAssertTrue(html.contains("src=\"data:image/png;base64,"))
  }

  func testSVGAndPDFFormats() throws {
    let folder = try Binary.scratchFolder(self)
    let run = try Binary.run(["--format", "svg", "--format", "pdf", "--quiet"], in: folder)
    XCTAssertEqual(run.status, 0, run.stderr)
    let output = folder.appendingPathComponent("output")
    for stem in ["confusion_matrix", "uncertain_digits"] {
      let svg = try String(
        contentsOf: output.appendingPathComponent("\(stem).svg"), encoding: .utf8)
      XCTAssertTrue(svg.contains("<svg"), stem)
      let pdf = try Data(contentsOf: output.appendingPathComponent("\(stem).pdf"))
      XCTAssertEqual(String(decoding: pdf.prefix(5), as: UTF8.self), "%PDF-", stem)
    }
  }

  func testHostileStringsAreEscapedInHTMLAndIntactInJSONAndCSV() throws {
    let folder = try Binary.scratchFolder(self)
    let hostile = [
      "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "' onmouseover='x",
    ]
    var csv = "\"<b>width</b>\",\"a & b\",label\n"
    var random = 7
    for row in 0..<60 {
      random = (random * 1_103_515_245 + 12_345) % 2_147_483_648
      let name = hostile[row % 3]
      let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
      csv += "\(row % 3 * 10 + random % 5),\(random % 7),\(quoted)\n"
    }
    let data = folder.appendingPathComponent("hostile.csv")
    try csv.write(to: data, atomically: true, encoding: .utf8)
    let run = try Binary.run(
      ["--data", data.path, "--target-column", "label", "--labeled", "12", "--quiet"], in: folder)
    XCTAssertEqual(run.status, 0, run.stderr)
    let output = folder.appendingPathComponent("output")
    let html = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
    for name in hostile + ["<b>width</b>"] {
      XCTAssertFalse(html.contains(name), "raw \(name) in the page")
    }
    XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    let metrics = try json(output.appendingPathComponent("metrics.json"))
    XCTAssertEqual(Set(metrics["classes"] as? [String] ?? []), Set(hostile))
    let predictions = try String(
      contentsOf: output.appendingPathComponent("predictions.csv"), encoding: .utf8)
    XCTAssertTrue(predictions.contains("\"\"\"><img src=x onerror=alert(1)>\""))
    XCTAssertTrue(predictions.contains("<script>alert(1)</script>"))
  }
}
