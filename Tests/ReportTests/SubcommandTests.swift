import Foundation
import XCTest

/// `report active-learning` and `report curve`, run as a user runs them.
final class SubcommandTests: XCTestCase {
  private func json(_ url: URL) throws -> [String: Any] {
    try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
  }

  func testActiveLearningReproducesScikitLearnsExample() throws {
    struct Round: Decodable {
      let chosen: [Int]
      let reportText: String
      let labeledCount: Int
      enum CodingKeys: String, CodingKey {
        case chosen
        case reportText = "report_text"
        case labeledCount = "labeled_count"
      }
    }
    struct Fixture: Decodable { let rounds: [Round] }
    let expected = try JSONDecoder().decode(
      Fixture.self, from: Data(contentsOf: Binary.fixture("active_default.json")))
    let folder = try Binary.scratchFolder(self)
    let run = try Binary.run(["active-learning", "--output", "al"], in: folder)
    XCTAssertEqual(run.status, 0, run.stderr)
    for round in expected.rounds { XCTAssertTrue(run.stdout.contains(round.reportText)) }
    let output = folder.appendingPathComponent("al")
    let metrics = try json(output.appendingPathComponent("active_learning.json"))
    let rounds = try XCTUnwrap(metrics["rounds"] as? [[String: Any]])
    XCTAssertEqual(rounds.count, expected.rounds.count)
    for (actual, wanted) in zip(rounds, expected.rounds) {
      XCTAssertEqual(actual["labeled"] as? Int, wanted.labeledCount)
      XCTAssertEqual(actual["report_text"] as? String, wanted.reportText)
    }
    // The last round may swap a near tie (see the fixture's near_ties); earlier ones are exact.
    for (actual, wanted) in zip(rounds, expected.rounds).dropLast() {
      XCTAssertEqual(actual["chosen"] as? [Int], wanted.chosen)
    }
    for name in ["active_learning.html", "active_learning.png", "learning_progress.png"] {
      XCTAssertTrue(
        FileManager.default.fileExists(atPath: output.appendingPathComponent(name).path), name)
    }
  }

  func testCurveWritesEveryRunAndThePage() throws {
    let folder = try Binary.scratchFolder(self)
    let run = try Binary.run(
      ["curve", "--labeled", "10,40", "--repeats", "2", "--output", "c", "--quiet"], in: folder)
    XCTAssertEqual(run.status, 0, run.stderr)
    let output = folder.appendingPathComponent("c")
    let metrics = try json(output.appendingPathComponent("learning_curve.json"))
    let points = try XCTUnwrap(metrics["points"] as? [[String: Any]])
    XCTAssertEqual(points.count, 2 * 2 * 3)
    XCTAssertEqual(Set(points.compactMap { $0["labeled"] as? Int }), [10, 40])
    let summary = try XCTUnwrap(metrics["summary"] as? [[String: Any]])
    XCTAssertEqual(summary.count, 2 * 3)
    for row in summary {
      let mean = try XCTUnwrap(row["mean"] as? Double)
      XCTAssertLessThanOrEqual(try XCTUnwrap(row["min"] as? Double), mean)
      XCTAssertGreaterThanOrEqual(try XCTUnwrap(row["max"] as? Double), mean)
    }
    for name in ["learning_curve.html", "learning_curve.png"] {
      XCTAssertTrue(
        FileManager.default.fileExists(atPath: output.appendingPathComponent(name).path), name)
    }
  }

  func testCommandsShareAFolderWithoutRemovingEachOthersFiles() throws {
    let folder = try Binary.scratchFolder(self)
    XCTAssertEqual(try Binary.run(["--quiet"], in: folder).status, 0)
    let curve = try Binary.run(
      ["curve", "--labeled", "10", "--repeats", "1", "--quiet"], in: folder)
    XCTAssertEqual(curve.status, 0, curve.stderr)
    let names = try FileManager.default.contentsOfDirectory(
      atPath: folder.appendingPathComponent("output").path)
    XCTAssertTrue(names.contains("report.html"))
    XCTAssertTrue(names.contains("learning_curve.html"))
  }

  func testBadCurveOptionsExit64() throws {
    let folder = try Binary.scratchFolder(self)
    for arguments in [
      ["curve", "--labeled", "10,x"], ["curve", "--models", "forest"],
      ["curve", "--repeats", "0"], ["active-learning", "--rounds", "0"],
    ] {
      let run = try Binary.run(arguments, in: folder)
      XCTAssertEqual(run.status, 64, "\(arguments): \(run.stderr)")
      XCTAssertEqual(run.stderr.split(separator: "\n").count, 1, run.stderr)
    }
  }
}
