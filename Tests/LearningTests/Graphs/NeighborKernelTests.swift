import DataSets
import LearningKernels
import XCTest

@testable import Learning

/// The C pieces of the kNN graph against plain Swift, bit for bit.
final class NeighborKernelTests: XCTestCase {
  override func tearDown() {
    VectorInstructions.use(.best)
    super.tearDown()
  }

  private func uniform(_ random: inout RandomState) -> Double {
    Double(random.nextUInt32()) / 4_294_967_296 * 8 - 4
  }

  /// `lk_leaf_bounds` gives the bounds of the Swift formula, in both variants, and
  /// sets exactly the bits of the bounds within the limits (ties included).
  func testLeafBoundsEqualTheFormulaInEveryVariant() {
    var random = RandomState(seed: 21)
    for components in [1, 2, 7, 12, 13] {
      let panels = (0..<8 * components).map { _ in uniform(&random) }
      let queries = (0..<8 * components).map { _ in uniform(&random) }
      let candidateNorms = (0..<8).map { _ in abs(uniform(&random)) * 10 }
      let queryNorms = (0..<8).map { _ in abs(uniform(&random)) * 10 }
      // Candidate c's value of component j sits at (c / 2) * m * 2 + j * 2 + c % 2.
      var expected = [Double](repeating: 0, count: 64)
      for candidate in 0..<8 {
        for query in 0..<8 {
          var dot = 0.0
          for component in 0..<components {
            let value = panels[(candidate / 2) * components * 2 + component * 2 + candidate % 2]
            dot += value * queries[component * 8 + query]
          }
          expected[candidate * 8 + query] =
            (queryNorms[query] - 2 * dot) + candidateNorms[candidate]
        }
      }
      // Limits at some bounds exactly (a bound equal to its limit passes), and infinity.
      var limits = (0..<8).map { expected[($0 * 3 % 8) * 8 + $0] }
      limits[5] = .infinity
      limits[6] = -.infinity
      for level in VectorInstructions.allCases where level <= .best {
        VectorInstructions.use(level)
        var bounds = [Double](repeating: .nan, count: 64)
        let mask = lk_leaf_bounds(
          panels, candidateNorms, queries, queryNorms, limits, components, &bounds)
        XCTAssertEqual(
          bounds.map(\.bitPattern), expected.map(\.bitPattern), "\(components), \(level.name)")
        for bit in 0..<64 {
          XCTAssertEqual(
            mask >> UInt64(bit) & 1 == 1, expected[bit] <= limits[bit & 7],
            "\(components), \(level.name), bit \(bit)")
        }
      }
    }
  }

  /// `lk_box_beyond` says a box is beyond the queries exactly when every query's squared
  /// gap to it (summed over the components, as the Swift loop below) exceeds its limit.
  func testBoxBeyondWhenEveryQueryIsFartherThanItsLimit() {
    var random = RandomState(seed: 23)
    for components in [1, 3, 12] {
      for trial in 0..<40 {
        var box: [Double] = []
        for _ in 0..<components {
          let (a, b) = (uniform(&random), uniform(&random))
          box += [min(a, b), max(a, b)]
        }
        let queries = (0..<8 * components).map { _ in uniform(&random) * 2 }
        var gaps = [Double](repeating: 0, count: 8)
        for query in 0..<8 {
          for component in 0..<components {
            let value = queries[component * 8 + query]
            let below = max(0, box[component * 2] - value)
            let above = max(0, value - box[component * 2 + 1])
            gaps[query] += below * below + above * above
          }
        }
        // Limits below every gap, then one query's limit at its gap exactly (not beyond),
        // then one above it.
        var limits = gaps.map { $0 * 0.5 - 1e-3 }
        let query = trial % 8
        for (change, expected) in [(nil, true), (gaps[query], false), (gaps[query] + 1, false)] {
          if let change { limits[query] = change }
          for level in VectorInstructions.allCases where level <= .best {
            VectorInstructions.use(level)
            XCTAssertEqual(
              lk_box_beyond(box, queries, limits, components) != 0, expected,
              "\(components) components, trial \(trial), \(level.name)")
          }
        }
      }
    }
  }

  /// The sparse product split across the cores gives the bits of one pass over the rows.
  func testSparseProductInPartsEqualsOnePass() {
    var random = RandomState(seed: 22)
    let n = 40_000
    let classes = 3
    var rowStart = [0]
    var columns: [Int] = []
    var weights: [Double] = []
    for _ in 0..<n {
      for _ in 0..<Int(random.nextUInt32() % 9) {
        columns.append(Int(random.nextUInt32() % UInt32(n)))
        weights.append(abs(uniform(&random)))
      }
      rowStart.append(columns.count)
    }
    let graph = SparseGraph(sampleCount: n, rowStart: rowStart, columns: columns, weights: weights)
    let input = (0..<n * classes).map { _ in uniform(&random) }
    var expected = [Double](repeating: 0, count: n * classes)
    for row in 0..<n {
      for entry in rowStart[row]..<rowStart[row + 1] {
        for label in 0..<classes {
          expected[row * classes + label] +=
            weights[entry] * input[columns[entry] * classes + label]
        }
      }
    }
    var output = [Double](repeating: .nan, count: n * classes)
    var workspace: [Double] = []
    input.withUnsafeBufferPointer { input in
      output.withUnsafeMutableBufferPointer { output in
        graph.multiply(input, classes: classes, into: output, workspace: &workspace)
      }
    }
    XCTAssertEqual(output.map(\.bitPattern), expected.map(\.bitPattern))
  }
}
