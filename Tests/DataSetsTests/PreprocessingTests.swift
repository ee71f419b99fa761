import XCTest

@testable import DataSets

/// `standardized()` and `duplicateRowCount()`.
final class PreprocessingTests: XCTestCase {
  private func data(_ rows: [[Double]]) -> DataSet {
    let columns = rows.first?.count ?? 0
    return DataSet(
      source: "test", sha256: "", featureNames: (0..<columns).map { "f\($0)" },
      features: rows.flatMap { $0 }, targets: rows.indices.map { $0 % 2 }, classNames: ["0", "1"])
  }

  func testPopulationStandardDeviation() {
    let scaled = data([[1, 7, 0.1], [2, 7, 0.1], [3, 7, 0.1], [4, 7, 0.1]]).standardized()
    let std = 1.25.squareRoot()
    for (row, x) in [1.0, 2, 3, 4].enumerated() {
      XCTAssertEqual(scaled.features[row * 3], (x - 2.5) / std, accuracy: 1e-15)
      XCTAssertEqual(scaled.features[row * 3 + 1], 0)
      XCTAssertEqual(scaled.features[row * 3 + 2], 0)
    }
    XCTAssertEqual(scaled.features[0], -1.341_640_786_499_873_8, accuracy: 1e-15)
  }

  func testKeepsEverythingButTheFeatures() {
    let original = DataSet(
      source: "s", sha256: "h", featureNames: ["a", "b"], features: [1, 2, 3, 5],
      targets: [1, -1], classNames: ["x", "y"], imageShape: ImageShape(height: 1, width: 2))
    var scaled = original.standardized()
    XCTAssertEqual(scaled.features, [-1, -1, 1, 1])
    scaled.features = original.features
    XCTAssertEqual(scaled, original)
  }

  func testStandardizedColumnsHaveZeroMeanAndUnitVariance() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../LearningTests/Fixtures/iris.csv").standardizedFileURL
    let scaled = try DataSet.loadCSV(path: url.path).standardized()
    for column in 0..<scaled.featureCount {
      let values = (0..<scaled.sampleCount).map {
        scaled.features[$0 * scaled.featureCount + column]
      }
      let mean = values.reduce(0, +) / Double(values.count)
      let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
      XCTAssertEqual(mean, 0, accuracy: 1e-14)
      XCTAssertEqual(variance, 1, accuracy: 1e-14)
    }
    // StandardScaler().fit_transform(load_iris().data)[0]
    let expected = [
      -0.900_681_170_297_809_9, 1.019_004_351_971_606_5, -1.340_226_526_622_763_5,
      -1.315_444_295_007_740_7,
    ]
    for (value, reference) in zip(scaled.row(0), expected) {
      XCTAssertEqual(value, reference, accuracy: 1e-12)
    }
  }

  func testEmptyDataSetIsUnchanged() {
    let empty = data([])
    XCTAssertEqual(empty.standardized(), empty)
    XCTAssertEqual(empty.duplicateRowCount(), 0)
  }

  func testDuplicateRows() {
    XCTAssertEqual(
      data([[1, 2], [1, 2], [3, 4], [1, 2], [3, 4], [2, 1]]).duplicateRowCount(), 3)
    XCTAssertEqual(data([[1, 2], [2, 1]]).duplicateRowCount(), 0)
    XCTAssertEqual(data([[0, 1], [-0.0, 1]]).duplicateRowCount(), 1)
  }
}
