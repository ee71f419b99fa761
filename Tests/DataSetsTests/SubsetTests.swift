import XCTest

@testable import DataSets

/// `DataSet.subset` copies large selections on every core: the rows, in the
/// order asked, as a row-by-row copy gives them.
final class SubsetTests: XCTestCase {
  func testLargeSelectionInPartsEqualsRowByRowCopy() {
    let rows = 30_000
    let width = 7
    var random = RandomState(seed: 3)
    let features = (0..<rows * width).map { _ in Double(random.nextUInt32()) / 1_000 - 2e6 }
    let data = DataSet(
      source: "x", sha256: "", featureNames: (0..<width).map { "f\($0)" }, features: features,
      targets: (0..<rows).map { $0 % 3 }, classNames: ["a", "b", "c"])
    // Three parts and a short one, repeated rows, the order of a shuffle.
    let indices = (0..<25_000).map { _ in Int(random.nextUInt32() % UInt32(rows)) }
    let subset = data.subset(indices)
    var expected: [Double] = []
    for index in indices { expected += features[index * width..<(index + 1) * width] }
    XCTAssertEqual(subset.features.map(\.bitPattern), expected.map(\.bitPattern))
    XCTAssertEqual(subset.targets, indices.map { $0 % 3 })
    XCTAssertEqual(data.subset([]).features, [])
    XCTAssertEqual(data.subset([]).sampleCount, 0)
    let noFeatures = DataSet(
      source: "x", sha256: "", featureNames: [], features: [], targets: [0, 1, 0],
      classNames: ["a", "b"])
    XCTAssertEqual(noFeatures.subset([2, 1]).targets, [0, 1])
  }
}
