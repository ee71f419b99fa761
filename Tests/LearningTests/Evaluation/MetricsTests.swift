import XCTest

@testable import Learning

/// `classification_report`, `confusion_matrix` and `entropy` against scikit-learn and scipy.
final class MetricsTests: XCTestCase {
  /// A label in the fixture: an integer or a class name.
  private enum Label: Decodable, Hashable, Comparable {
    case number(Int)
    case name(String)

    init(from decoder: any Decoder) throws {
      let container = try decoder.singleValueContainer()
      if let number = try? container.decode(Int.self) {
        self = .number(number)
      } else {
        self = .name(try container.decode(String.self))
      }
    }

    var text: String {
      switch self {
      case .number(let value): String(value)
      case .name(let value): value
      }
    }

    static func < (lhs: Label, rhs: Label) -> Bool {
      switch (lhs, rhs) {
      case (.number(let a), .number(let b)): a < b
      case (.name(let a), .name(let b)):
        Array(a.unicodeScalars.map(\.value)).lexicographicallyPrecedes(
          b.unicodeScalars.map(\.value))
      case (.number, .name): true
      case (.name, .number): false
      }
    }
  }

  private struct MetricCase: Decodable {
    let name: String
    let yTrue: [Label]
    let yPred: [Label]
    let reportText: String
    let confusionMatrix: [[Int]]
    let labels: [Label]
    enum CodingKeys: String, CodingKey {
      case name
      case yTrue = "y_true"
      case yPred = "y_pred"
      case reportText = "report_text"
      case confusionMatrix = "confusion_matrix"
      case labels
    }
  }

  func testClassificationReportTextIsByteIdentical() throws {
    let cases = try Fixtures.decode([MetricCase].self, "metrics.json")
    XCTAssertGreaterThanOrEqual(cases.count, 5)
    for fixture in cases {
      // Encode labels as codes into the sorted class names, as data sets do.
      let classes = Array(Set(fixture.yTrue + fixture.yPred)).sorted()
      XCTAssertEqual(classes, fixture.labels, fixture.name)
      let code = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
      let truth = fixture.yTrue.compactMap { code[$0] }
      let predicted = fixture.yPred.compactMap { code[$0] }
      let report = ClassificationReport(
        truth: truth, predicted: predicted, classNames: classes.map(\.text))
      XCTAssertEqual(report.text(), fixture.reportText, fixture.name)
      let matrix = ConfusionMatrix(
        truth: truth, predicted: predicted, labels: Array(0..<classes.count))
      XCTAssertEqual(matrix.counts, fixture.confusionMatrix, fixture.name)
    }
  }

  func testEntropyMatchesScipy() throws {
    struct EntropyCase: Decodable {
      let row: [Double]
      let entropy: Double?
    }
    let cases = try Fixtures.decode([EntropyCase].self, "entropy.json")
    XCTAssertFalse(cases.isEmpty)
    for fixture in cases {
      if let expected = fixture.entropy {
        assertClose(try XCTUnwrap(entropy(fixture.row)), expected, absolute: 1e-12, relative: 1e-12)
      } else {
        XCTAssertNil(entropy(fixture.row), "scipy gives NaN for \(fixture.row)")
      }
    }
  }

  func testLargestIndicesBreakTiesByIndex() {
    XCTAssertEqual(indicesOfLargest([0.5, 0.1, 0.5, 0.9, 0.5], count: 3), [2, 4, 3])
  }
}
