import Foundation
import XCTest

/// `--templates` folders that try to switch escaping off or to recurse, run through the program.
final class HostileTemplateTests: XCTestCase {
  /// A copy of the project's templates with `partials/figure.mustache` replaced.
  private func templates(partialText: String, in folder: URL) throws -> URL {
    let copy = folder.appendingPathComponent("my-templates")
    try FileManager.default.copyItem(
      at: Binary.projectRoot.appendingPathComponent("templates"), to: copy)
    try partialText.write(
      to: copy.appendingPathComponent("partials/figure.mustache"), atomically: true,
      encoding: .utf8)
    return copy
  }

  private func run(partialText: String) throws -> BinaryRun {
    let folder = try Binary.scratchFolder(self)
    let copy = try templates(partialText: partialText, in: folder)
    return try Binary.run(["--quiet", "--templates", copy.path, "--output", "out"], in: folder)
  }

  /// Before, the pragma turned escaping off in the figure partial and the run wrote the page (exit 0).
  func testPragmaInAPartialStopsWithItsFile() throws {
    let run = try run(partialText: "{{% CONTENT_TYPE: TEXT}}\n<figure>{{title}}</figure>\n")
    XCTAssertEqual(run.status, 66, run.stderr)
    XCTAssertEqual(run.stderr.split(separator: "\n").count, 1, run.stderr)
    XCTAssertTrue(run.stderr.contains("partials/figure.mustache"), run.stderr)
    XCTAssertTrue(run.stderr.contains("{{% CONTENT_TYPE: TEXT}}"), run.stderr)
  }

  /// Before, the figure partial including itself overflowed the stack (SIGSEGV, status 139).
  func testPartialIncludingItselfStopsWithItsFile() throws {
    let run = try run(partialText: "<figure>{{> partials/figure}}</figure>\n")
    XCTAssertEqual(run.status, 66, run.stderr)
    XCTAssertEqual(run.stderr.split(separator: "\n").count, 1, run.stderr)
    XCTAssertTrue(run.stderr.contains("in a cycle"), run.stderr)
    XCTAssertTrue(run.stderr.contains("partials/figure.mustache"), run.stderr)
  }
}
