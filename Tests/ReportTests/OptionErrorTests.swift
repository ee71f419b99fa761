import Foundation
import XCTest

/// Option errors exit 64, name the option, and say when the value was a default (issue 17).
final class OptionErrorTests: XCTestCase {
  private var folder: URL!

  override func setUpWithError() throws {
    folder = try Binary.scratchFolder(self)
  }

  private func csv(_ name: String, _ text: String) throws -> String {
    let url = folder.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  /// Runs `arguments`, expects exit 64 and one stderr line holding every fragment.
  private func expectUsage(
    _ arguments: [String], _ fragments: String..., file: StaticString = #filePath,
    line: UInt = #line
  ) throws {
    let run = try Binary.run(arguments + ["--output", "out", "--quiet"], in: folder)
    XCTAssertEqual(run.status, 64, "\(arguments): \(run.stderr)", file: file, line: line)
    XCTAssertEqual(run.stderr.split(separator: "\n").count, 1, run.stderr, file: file, line: line)
    for fragment in fragments {
      XCTAssertTrue(
        run.stderr.contains(fragment), "\(arguments): \(run.stderr) lacks \(fragment)", file: file,
        line: line)
    }
  }

  func testLabeledZeroIsAUsageErrorNamingTheOption() throws {
    try expectUsage(["--labeled", "0"], "--labeled is 0")
  }

  func testNegativeNumbersReachTheRangeCheck() throws {
    try expectUsage(["--gamma", "-1"], "--gamma must be greater than 0")
    try expectUsage(["--seed", "-1"], "--seed must be between")
    try expectUsage(["--alpha", "-0.5"], "--alpha must be between 0 and 1")
    try expectUsage(["--tol", "-1"], "--tol must be 0 or more")
    try expectUsage(["--uncertain", "-3"], "--uncertain")
    try expectUsage(["--max-iter", "-2"], "--max-iter must be at least 1")
    try expectUsage(["--scale", "-2"], "--scale must be between")
    try expectUsage(["curve", "--repeats", "-2"], "--repeats must be between")
    try expectUsage(["active-learning", "--rounds", "-1"], "--rounds must be between")
  }

  func testDefaultsThatDoNotFitSmallDataSaySoInsteadOfBlamingTheUser() throws {
    let tiny = try csv("three.csv", "a,b,target\n1,2,0\n2,3,1\n3,1,0\n")
    try expectUsage(["--data", tiny], "--labeled was not given", "default")
    try expectUsage(["curve", "--data", tiny], "--labeled was not given", "default")
    try expectUsage(["active-learning", "--data", tiny], "--labeled was not given", "default")
    // A value the user typed is still blamed on them.
    try expectUsage(["--data", tiny, "--labeled", "3"], "--labeled is 3")
  }

  func testCurveKeepsTheDefaultCountsThatFitTheData() throws {
    let iris = Binary.fixture("iris.csv").path
    let run = try Binary.run(
      ["curve", "--data", iris, "--repeats", "1", "--models", "supervised", "--output", "c"],
      in: folder)
    XCTAssertEqual(run.status, 0, run.stderr)
    let json = try XCTUnwrap(
      JSONSerialization.jsonObject(
        with: Data(contentsOf: folder.appendingPathComponent("c/learning_curve.json")))
        as? [String: Any])
    let summary = try XCTUnwrap(json["summary"] as? [[String: Any]])
    XCTAssertEqual(summary.compactMap { $0["labeled"] as? Int }, [10, 20, 40, 80])
    // The terminal table: every heading ends where its column's numbers end.
    let lines = run.stdout.split(separator: "\n").map(String.init)
    let header = try XCTUnwrap(lines.first)
    let row = try XCTUnwrap(lines.dropFirst().first)
    XCTAssertEqual(header.count, row.count, "\n\(header)\n\(row)")
    func ends(_ line: String) -> [Int] {
      let characters = Array(line)
      return characters.indices.filter {
        characters[$0] != " " && ($0 + 1 == characters.count || characters[$0 + 1] == " ")
      }.suffix(4)
    }
    XCTAssertEqual(ends(header), ends(row), "\n\(header)\n\(row)")
  }

  func testHelpShowsTheDefaultsReadably() throws {
    let curve = try Binary.run(["help", "curve"], in: folder)
    XCTAssertTrue(curve.stdout.contains("10,20,40,80,160,320"), curve.stdout)
    XCTAssertFalse(curve.stdout.contains("CountList"), curve.stdout)
    let generate = try Binary.run(["help", "generate"], in: folder)
    let alpha = generate.stdout.components(separatedBy: "--alpha").dropFirst().first ?? ""
    XCTAssertTrue(
      alpha.prefix(200).contains("default: 0.2"), "--alpha shows its default: \(alpha.prefix(200))")
  }

  func testRepeatedSamplesAreNamed() throws {
    let data = try csv("repeat.csv", "a,b,target\n1,2,0\n5,5,1\n1,2,0\n7,1,1\n3,3,0\n")
    let run = try Binary.run(
      ["--data", data, "--labeled", "2", "--seed", "0", "--output", "r"], in: folder)
    XCTAssertEqual(run.status, 0, run.stderr)
    let warning = run.stderr.split(separator: "\n").first { $0.contains("repeat") } ?? ""
    XCTAssertTrue(warning.contains("1 sample repeats"), String(warning))
    XCTAssertTrue(
      warning.contains("row 2 = row 0") || warning.contains("row 0 = row 2"), String(warning))
  }
}
