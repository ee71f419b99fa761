import XCTest

@testable import DataSets

/// `standardized()` against `StandardScaler().fit_transform`.
final class StandardScalerTests: XCTestCase {
  private struct Table: Decodable {
    let x: [[Double]]
    let transformed: [[Double]]
    enum CodingKeys: String, CodingKey {
      case x = "X"
      case transformed
    }
  }

  private func check(_ table: Table) {
    let columns = table.x.first?.count ?? 0
    let data = DataSet(
      source: "fixture", sha256: "", featureNames: (0..<columns).map { "c\($0)" },
      features: table.x.flatMap { $0 }, targets: [Int](repeating: 0, count: table.x.count),
      classNames: ["0"])
    let scaled = data.standardized()
    for (row, expectedRow) in table.transformed.enumerated() {
      for (column, expected) in expectedRow.enumerated() {
        assertClose(
          scaled.features[row * columns + column], expected, absolute: 1e-12, relative: 1e-12,
          "row \(row) column \(column)")
      }
    }
  }

  func testMatchesStandardScalerOnIrisAndConstantColumns() throws {
    let tables = try Fixtures.decode([String: Table].self, "standard_scaler.json")
    check(try XCTUnwrap(tables["iris"]))
    check(try XCTUnwrap(tables["constant_columns"]))
  }
}
