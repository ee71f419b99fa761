import Foundation
import XCTest

/// The JSON files `scripts/make_fixtures.py` writes into `Fixtures/` from NumPy and scikit-learn.
enum Fixtures {
  static func url(_ name: String) throws -> URL {
    try XCTUnwrap(
      Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"),
      "missing fixture \(name)")
  }

  static func decode<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
    try JSONDecoder().decode(type, from: Data(contentsOf: url(name)))
  }

  /// The project's root folder, found from this source file.
  static var projectRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
  }
}

/// Asserts `actual` and `expected` agree within `absolute + relative * |expected|`.
func assertClose(
  _ actual: Double, _ expected: Double, absolute: Double = 1e-9, relative: Double = 1e-9,
  _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line
) {
  let allowed = absolute + relative * abs(expected)
  XCTAssert(
    abs(actual - expected) <= allowed,
    "\(actual) differs from \(expected) by more than \(allowed) \(message())", file: file,
    line: line)
}
