import Foundation
import XCTest

/// The report's "What this means" (issue 17).
///
/// Written from the run's numbers by the same rules for every data set: the accuracy's interval, a small evaluation set, the supervised
/// baseline, a nearly nearest-neighbour graph, certain "uncertain" samples, classes never
/// predicted. Numbers from `interpretation.json` (scikit-learn and SciPy).
final class WhatThisMeansTests: XCTestCase {
  private var folder: URL!

  override func setUpWithError() throws {
    folder = try Binary.scratchFolder(self)
  }

  /// The "What this means" section's text and `metrics.json`'s `interpretation`.
  private func run(_ arguments: [String]) throws -> (section: String, json: [String: Any]) {
    let run = try Binary.run(arguments + ["--output", "out", "--quiet"], in: folder)
    XCTAssertEqual(run.status, 0, run.stderr)
    let out = folder.appendingPathComponent("out")
    let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
    let start = try XCTUnwrap(html.range(of: "<section class=\"card\" id=\"meaning\">"))
    let end = try XCTUnwrap(html.range(of: "</section>", range: start.upperBound..<html.endIndex))
    let data = try Data(contentsOf: out.appendingPathComponent("metrics.json"))
    let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    return (
      String(html[start.lowerBound..<end.upperBound]),
      try XCTUnwrap(json["interpretation"] as? [String: Any])
    )
  }

  private func csv(_ text: String) throws -> String {
    let url = folder.appendingPathComponent("data.csv")
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  func testTheDefaultRunGivesItsIntervalAndANearestNeighbourGraph() throws {
    let (section, json) = try run([])
    // SciPy's Wilson interval of 269 / 300.
    XCTAssertTrue(section.contains("between 0.857 and 0.926 (Wilson interval)"), section)
    XCTAssertTrue(section.contains("The unlabeled samples helped"))
    XCTAssertTrue(section.contains("0.810 for a 1-nearest-neighbour classifier"))
    XCTAssertTrue(section.contains("nearly a nearest-neighbour graph"))
    XCTAssertTrue(section.contains("on 82% of the unlabeled samples"))
    XCTAssertFalse(section.contains("Few samples"))
    XCTAssertEqual(try XCTUnwrap(json["baseline_accuracy"] as? Double), 0.81, accuracy: 1e-12)
    let interval = try XCTUnwrap(json["accuracy_interval_95"] as? [Double])
    XCTAssertEqual(interval[0], 0.857_059_827_567_067_9, accuracy: 1e-12)
  }

  func testTheBaselineBeatingTheModelIsSaid() throws {
    let iris = Binary.fixture("iris.csv").path
    let (section, json) = try run([
      "--data", iris, "--standardize", "--model", "propagation", "--gamma", "20", "--labeled",
      "15",
    ])
    XCTAssertTrue(section.contains("The supervised baseline does as well"), section)
    XCTAssertTrue(section.contains("scores 0.711, against 0.644 for Label Propagation"))
    XCTAssertFalse(section.contains("nearest-neighbour graph"), section)
    XCTAssertEqual(
      try XCTUnwrap(json["median_largest_weight_share"] as? Double), 0.517_126_171_111_632_6,
      accuracy: 1e-9)
  }

  func testASmallEvaluationSetIsFlagged() throws {
    let (section, _) = try run(["--samples", "60", "--labeled", "40"])
    XCTAssertTrue(section.contains("Few samples to score"), section)
    XCTAssertTrue(section.contains("rests on 20 scored samples"))
  }

  func testCertainUncertainSamplesAndUnpredictedClassesAreSaid() throws {
    // One labeled class: every distribution is that class, entropy 0 everywhere.
    let one = try csv("x,target\n0,a\n0.1,-1\n0.2,-1\n0.3,-1\n0.4,-1\n")
    let (certain, _) = try run(["--data", one, "--gamma", "1", "--uncertain", "3"])
    XCTAssertTrue(certain.contains("No sample is uncertain"), certain)
    // Classes a and b labeled at one point among more a: b is outweighed everywhere.
    let outweighed = try csv(
      "x,target\n0,a\n0.5,a\n0.5,b\n1,a\n0.1,-1\n0.2,-1\n0.3,-1\n0.4,-1\n0.6,-1\n0.7,-1\n")
    let (section, json) = try run(["--data", outweighed, "--gamma", "1", "--max-iter", "50"])
    XCTAssertTrue(section.contains("A class is never predicted"), section)
    XCTAssertEqual(json["never_predicted"] as? [String], ["b"])
  }
}
