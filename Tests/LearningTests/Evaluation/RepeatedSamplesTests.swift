import DataSets
import XCTest

@testable import Learning

/// The repeated samples against a dictionary keyed by the rows (the way they were found
/// before the table of hashes), on rows with copies, signed zeros and NaNs.
final class RepeatedSamplesTests: XCTestCase {
  private func byDictionary(_ data: DataSet) -> [(sample: Int, earlier: Int)] {
    var first: [ArraySlice<Double>: Int] = [:]
    var repeats: [(sample: Int, earlier: Int)] = []
    for index in 0..<data.sampleCount {
      if let earlier = first[data.row(index)] {
        repeats.append((index, earlier))
      } else {
        first[data.row(index)] = index
      }
    }
    return repeats
  }

  private func data(rows: [[Double]]) -> DataSet {
    DataSet(
      source: "test", sha256: "", featureNames: (0..<rows[0].count).map { "f\($0)" },
      features: rows.flatMap { $0 }, targets: rows.indices.map { $0 % 2 },
      classNames: ["a", "b"])
  }

  func testCopiesSignedZerosAndNaNs() {
    var random = RandomState(seed: 5)
    var rows = (0..<3000).map { _ in (0..<4).map { _ in (random.standardNormal() * 2).rounded() } }
    // Copies of earlier rows, a copy of a copy, -0.0 against 0.0, and rows with a NaN.
    for (target, source) in [(100, 7), (200, 7), (2999, 100), (50, 49), (1500, 3)] {
      rows[target] = rows[source]
    }
    rows[10] = [0, 1, 2, 3]
    rows[20] = [-0.0, 1, 2, 3]
    rows[30] = [.nan, 1, 2, 3]
    rows[40] = [.nan, 1, 2, 3]
    let set = data(rows: rows)
    let expected = byDictionary(set)
    // The rounded normal values repeat often by themselves: many pairs to find.
    XCTAssertGreaterThan(expected.count, 100)
    XCTAssertTrue(expected.contains { $0 == (20, 10) })
    XCTAssertFalse(expected.contains { $0.sample == 40 || $0.earlier == 30 })
    let hashes: [@Sendable (UnsafePointer<Double>, Int) -> UInt64] = [
      DataSet.rowHash, { _, _ in 7 }, { row, _ in UInt64(abs(row[1])) },
    ]
    for hash in hashes {
      let found = set.repeatedSamples(hash: hash)
      XCTAssertEqual(found.map { $0.sample }, expected.map { $0.sample })
      XCTAssertEqual(found.map { $0.earlier }, expected.map { $0.earlier })
    }
  }

  func testNoRepeatsAndOneSample() {
    XCTAssertTrue(data(rows: [[1, 2], [2, 1], [1, 3]]).repeatedSamples().isEmpty)
    XCTAssertTrue(data(rows: [[1, 2]]).repeatedSamples().isEmpty)
    XCTAssertEqual(data(rows: [[1, 2], [1, 2]]).repeatedSamples().map { $0.earlier }, [0])
  }
}
