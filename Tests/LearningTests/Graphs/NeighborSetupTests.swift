import DataSets
import Foundation
import XCTest

@testable import Learning

/// The kNN search's setup on every core, against the one-pass loops it replaced:
/// the same bits (projections, norms, per-position arrays), the same groups of
/// identical rows, the same first overflowing sample.
final class NeighborSetupTests: XCTestCase {
  /// `n` rows of `d` features, uniform in [-8, 8) with a few decimals.
  private func values(_ n: Int, dimension d: Int, seed: UInt32) -> [Double] {
    var random = RandomState(seed: seed)
    return (0..<n * d).map { _ in
      ((Double(random.nextUInt32()) / 4_294_967_296 * 16 - 8) * 1_000).rounded() / 1_000
    }
  }

  private func withSamples<T>(
    _ values: [Double], dimension d: Int, _ body: (Samples) throws -> T
  ) rethrows -> T {
    try values.withUnsafeBufferPointer {
      try body(Samples(values: $0, count: values.count / d, dimension: d))
    }
  }

  func testMeanAndProjectionsAsOnePass() {
    // 12 directions (the search's), fewer than 4, 5 (a partial vector), more
    // than 12 (the fallback); parts of 4,096 samples, features not a multiple of 8.
    let cases: [(n: Int, d: Int, m: Int)] = [
      (9_001, 64, 12), (5_000, 3, 12), (4_097, 21, 5), (3_000, 20, 13), (1, 7, 12),
    ]
    for (index, item) in cases.enumerated() {
      let data = values(item.n, dimension: item.d, seed: UInt32(index + 1))
      withSamples(data, dimension: item.d) { samples in
        let basis = ProjectionBasis(samples, components: item.m)
        let m = basis.components
        var mean = [Double](repeating: 0, count: item.d)
        for sample in 0..<item.n {
          for feature in 0..<item.d { mean[feature] += samples.row(sample)[feature] }
        }
        mean = mean.map { $0 / Double(item.n) }
        XCTAssertEqual(basis.mean.map(\.bitPattern), mean.map(\.bitPattern), "mean \(item)")
        var projections = [Double](repeating: 0, count: item.n * m)
        var centred = [Double](repeating: 0, count: item.n)
        projections.withUnsafeMutableBufferPointer { buffer in
          for sample in 0..<item.n {
            basis.project(samples.row(sample), into: buffer.baseAddress! + sample * m)
            for feature in 0..<item.d {
              let difference = samples.row(sample)[feature] - basis.mean[feature]
              centred[sample] += difference * difference
            }
          }
        }
        let all = basis.projectAll(samples)
        XCTAssertEqual(
          all.projections.map(\.bitPattern), projections.map(\.bitPattern), "projections \(item)")
        XCTAssertEqual(
          all.centredNorms.map(\.bitPattern), centred.map(\.bitPattern), "centred norms \(item)")
      }
    }
  }

  func testPositionArraysAsOnePass() {
    // Positions past the samples (padding) and runs that end inside a part.
    for (n, m) in [(10_003, 12), (13, 3), (8_192, 5)] {
      var random = RandomState(seed: UInt32(n))
      let projections = (0..<n * m).map { _ in Double(random.nextUInt32()) / 65_536 - 30_000 }
      let norms = (0..<n).map { _ in Double(random.nextUInt32()) / 1_024 }
      let centred = (0..<n).map { _ in Double(random.nextUInt32()) / 4_096 }
      let order = (0..<n).map { ($0 * 7_919) % n }
      let positions = (n + 7) / 8 * 8
      var panels = [Double](repeating: 0, count: positions * m)
      var lengths = [Double](repeating: .infinity, count: positions)
      var slack = [Double](repeating: 0, count: positions)
      for (position, sample) in order.enumerated() {
        var total = 0.0
        for component in 0..<m {
          let value = projections[sample * m + component]
          panels[(position / 2) * m * 2 + component * 2 + position % 2] = value
          total += value * value
        }
        lengths[position] = total
        slack[position] = 1e-9 * (norms[sample] + centred[sample] + total)
      }
      let arrays = NeighborSearchSetup.projectedArrays(
        order: order, positions: positions, projections: projections, components: m,
        norms: norms, centredNorms: centred)
      XCTAssertEqual(arrays.panels.map(\.bitPattern), panels.map(\.bitPattern), "\(n)")
      XCTAssertEqual(arrays.projectedNorms.map(\.bitPattern), lengths.map(\.bitPattern), "\(n)")
      XCTAssertEqual(arrays.slack.map(\.bitPattern), slack.map(\.bitPattern), "\(n)")

      let d = 9
      let data = values(n, dimension: d, seed: 3)
      withSamples(data, dimension: d) { samples in
        let copied = NeighborSearchSetup.rowsInOrder(
          samples, order: order, positions: positions, norms: norms)
        var rows = [Double](repeating: 0, count: positions * d)
        var rowNorms = [Double](repeating: 0, count: positions)
        for (position, sample) in order.enumerated() {
          for feature in 0..<d { rows[position * d + feature] = data[sample * d + feature] }
          rowNorms[position] = norms[sample]
        }
        XCTAssertEqual(copied.rows.map(\.bitPattern), rows.map(\.bitPattern), "rows \(n)")
        XCTAssertEqual(copied.norms.map(\.bitPattern), rowNorms.map(\.bitPattern), "norms \(n)")
      }
    }
  }

  /// Groups of identical rows by a dictionary keyed by their bytes, numbered by first sample.
  private func referenceGroups(_ data: [Double], dimension d: Int) -> [Int] {
    var groupOfRow: [[UInt64]: Int] = [:]
    return (0..<data.count / d).map { sample in
      let key = data[sample * d..<(sample + 1) * d].map(\.bitPattern)
      if let group = groupOfRow[key] { return group }
      groupOfRow[key] = groupOfRow.count
      return groupOfRow.count - 1
    }
  }

  func testDuplicateGroupsAsADictionaryFindsThem() {
    // Copies, signed zeros (different bytes, so different rows), and hashes
    // that collide always (constant) or often (the first feature's bits only).
    let n = 20_000
    let d = 5
    var random = RandomState(seed: 11)
    let patterns = (0..<300 * d).map { _ in Double(Int(random.nextUInt32() % 3)) - 1 }
    var data: [Double] = []
    for row in 0..<n {
      let pattern = Int(random.nextUInt32() % 300)
      var values = Array(patterns[pattern * d..<(pattern + 1) * d])
      if row % 5 == 0 { values[row % d] = -0.0 * values[row % d] }
      if row % 11 == 0 { values[0] += Double(row) }
      data += values
    }
    let expected = referenceGroups(data, dimension: d)
    let hashes: [(String, @Sendable (UnsafePointer<Double>, Int) -> UInt64)] = [
      ("row hash", DuplicateRows.rowHash), ("constant", { _, _ in 7 }),
      ("first feature", { row, _ in row[0].bitPattern }),
    ]
    for (name, hash) in hashes {
      // A constant hash makes every insertion scan the table: fewer rows there.
      let count = name == "constant" ? 2_000 : n
      let rows = Array(data[0..<count * d])
      withSamples(rows, dimension: d) { samples in
        guard let groups = DuplicateRows.find(samples, hash: hash) else {
          return XCTFail("\(name): copies not found")
        }
        var groupOf = [Int](repeating: -1, count: count)
        for group in 0..<groups.groupCount {
          let members = groups.members[groups.memberStart[group]..<groups.memberStart[group + 1]]
          XCTAssertEqual(groups.representatives[group], members.first, name)
          XCTAssertEqual(Array(members), members.sorted(), name)
          for member in members { groupOf[member] = group }
        }
        XCTAssertEqual(groupOf, Array(expected.prefix(count)), name)
      }
    }
    // Every row distinct: no groups.
    let distinct = values(5_000, dimension: 3, seed: 5)
    withSamples(distinct, dimension: 3) { XCTAssertNil(DuplicateRows.find($0)) }
  }

  func testFirstOverflowingSampleIsNamed() {
    // Norms computed in parts of 8,192 rows: the later part overflows too.
    var data = values(20_000, dimension: 4, seed: 2)
    data[12_000 * 4 + 1] = 1e200
    data[9_000 * 4 + 3] = -1e300
    XCTAssertThrowsError(try withSamples(data, dimension: 4) { try squaredNorms($0) }) {
      guard case LearningError.distanceOverflow(let sample) = $0 else {
        return XCTFail("\($0)")
      }
      XCTAssertEqual(sample, 9_000)
    }
    // Finite norms whose bound 4 |x|² overflows: the largest is named.
    var large = values(10_000, dimension: 2, seed: 3)
    large[8_500 * 2] = 1e154
    XCTAssertThrowsError(try withSamples(large, dimension: 2) { try squaredNorms($0) }) {
      guard case LearningError.distanceOverflow(let sample) = $0 else {
        return XCTFail("\($0)")
      }
      XCTAssertEqual(sample, 8_500)
    }
  }
}
