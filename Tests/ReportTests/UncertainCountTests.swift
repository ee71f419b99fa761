import Foundation
import XCTest

/// `--uncertain K`: refused with exit 64 naming the option when K exceeds the unlabeled
/// samples or what the page can show; the default shrinks to the unlabeled samples (issue 17:
/// `--uncertain 400` silently took all 340 samples, labeled ones included).
final class UncertainCountTests: XCTestCase {
  private var folder: URL!

  override func setUpWithError() throws {
    folder = try Binary.scratchFolder(self)
  }

  private func uncertainIndices(_ output: String) throws -> [Int] {
    let data = try Data(contentsOf: folder.appendingPathComponent("\(output)/metrics.json"))
    let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    let uncertain = try XCTUnwrap(json["uncertain"] as? [[String: Any]])
    return uncertain.compactMap { $0["index"] as? Int }
  }

  func testMoreThanTheUnlabeledSamplesIsRefused() throws {
    let run = try Binary.run(
      ["--samples", "60", "--labeled", "40", "--uncertain", "25", "--output", "out"], in: folder)
    XCTAssertEqual(run.status, 64, run.stderr)
    XCTAssertTrue(run.stderr.contains("--uncertain is 25"), run.stderr)
    XCTAssertTrue(run.stderr.contains("unlabeled samples (20)"), run.stderr)
    XCTAssertEqual(run.stderr.split(separator: "\n").count, 1)
    XCTAssertFalse(
      FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
  }

  func testMoreThanThePageShowsIsRefused() throws {
    let run = try Binary.run(["--uncertain", "400", "--output", "out"], in: folder)
    XCTAssertEqual(run.status, 64, run.stderr)
    XCTAssertTrue(run.stderr.contains("--uncertain is 400"), run.stderr)
  }

  func testAllTheUnlabeledSamplesAreAccepted() throws {
    let run = try Binary.run(
      ["--samples", "60", "--labeled", "40", "--uncertain", "20", "--output", "out", "--quiet"],
      in: folder)
    XCTAssertEqual(run.status, 0, run.stderr)
    XCTAssertEqual(try uncertainIndices("out").count, 20)
  }

  func testTheDefaultShrinksToTheUnlabeledSamples() throws {
    let run = try Binary.run(
      ["--samples", "12", "--labeled", "7", "--output", "out", "--quiet"], in: folder)
    XCTAssertEqual(run.status, 0, run.stderr)
    XCTAssertEqual(try uncertainIndices("out").count, 5)
  }
}
