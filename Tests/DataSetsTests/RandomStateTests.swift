import XCTest

@testable import DataSets

/// NumPy's streams for several seeds, from `random_state.json`.
final class RandomStateTests: XCTestCase {
  private struct Stream: Decodable {
    let seed: UInt32
    let uint32: [UInt32]
    let randomSample: [Double]
    let permutation20: [Int]
    let shuffleFirst20: [Int]
    let shuffleLast5: [Int]
    let standardNormal: [Double]
    enum CodingKeys: String, CodingKey {
      case seed, uint32
      case randomSample = "random_sample"
      case permutation20 = "permutation_20"
      case shuffleFirst20 = "shuffle_1797_first_20"
      case shuffleLast5 = "shuffle_1797_last_5"
      case standardNormal = "standard_normal"
    }
  }

  private func streams() throws -> [Stream] {
    try Fixtures.decode([Stream].self, "random_state.json")
  }

  func testRawOutputsMatchNumPy() throws {
    for stream in try streams() {
      var random = RandomState(seed: stream.seed)
      XCTAssertEqual((0..<stream.uint32.count).map { _ in random.nextUInt32() }, stream.uint32)
    }
  }

  func testRandomSampleIsBitIdentical() throws {
    for stream in try streams() {
      var random = RandomState(seed: stream.seed)
      let values = (0..<stream.randomSample.count).map { _ in random.randomSample() }
      XCTAssertEqual(values, stream.randomSample, "seed \(stream.seed)")
    }
  }

  func testShuffleAndPermutation() throws {
    for stream in try streams() {
      var random = RandomState(seed: stream.seed)
      XCTAssertEqual(random.permutation(20), stream.permutation20, "seed \(stream.seed)")
      var shuffled = RandomState(seed: stream.seed)
      var indices = Array(0..<1797)
      shuffled.shuffle(&indices)
      XCTAssertEqual(Array(indices.prefix(20)), stream.shuffleFirst20, "seed \(stream.seed)")
      XCTAssertEqual(Array(indices.suffix(5)), stream.shuffleLast5, "seed \(stream.seed)")
    }
  }

  func testStandardNormalFollowsTheLegacyPolarMethod() throws {
    for stream in try streams() {
      var random = RandomState(seed: stream.seed)
      for expected in stream.standardNormal {
        assertClose(random.standardNormal(), expected, absolute: 0, relative: 1e-15)
      }
    }
  }

  func testOneSeedGivesOneStream() {
    var first = RandomState(seed: 12_345)
    var second = RandomState(seed: 12_345)
    var other = RandomState(seed: 12_346)
    let a = (0..<1000).map { _ in first.nextUInt32() }
    XCTAssertEqual(a, (0..<1000).map { _ in second.nextUInt32() })
    XCTAssertNotEqual(a, (0..<1000).map { _ in other.nextUInt32() })
  }

  func testIntervalStaysInRange() {
    var random = RandomState(seed: 0)
    for bound: UInt64 in [0, 1, 6, 100, 1796, 1 << 31, UInt64(UInt32.max), 1 << 40] {
      for _ in 0..<200 { XCTAssertLessThanOrEqual(random.interval(bound), bound) }
    }
  }
}
