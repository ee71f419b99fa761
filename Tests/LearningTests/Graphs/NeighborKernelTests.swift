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

  /// `lk_box_nearest` gives the least squared gap of a query within its limit to a box
  /// (summed over the components, as the Swift loop below), and infinity exactly when
  /// every query is farther than its limit, in both variants.
  func testBoxNearestIsTheLeastGapWithinTheLimits() {
    var random = RandomState(seed: 23)
    for components in [1, 3, 4, 5, 12, 13] {
      for trial in 0..<40 {
        // The walk's boxes are floats (`NeighborTreeLayout`).
        var box: [Float] = []
        for _ in 0..<components {
          let (a, b) = (Float(uniform(&random)), Float(uniform(&random)))
          box += [min(a, b), max(a, b)]
        }
        let queries = (0..<8 * components).map { _ in uniform(&random) * 2 }
        var gaps = [Double](repeating: 0, count: 8)
        for query in 0..<8 {
          for component in 0..<components {
            let value = queries[component * 8 + query]
            let below = max(0, Double(box[component * 2]) - value)
            let above = max(0, value - Double(box[component * 2 + 1]))
            gaps[query] += below * below + above * above
          }
        }
        // Limits below every gap (beyond), then one query's limit at its gap exactly
        // (it counts), then a second query's above its own gap.
        var limits = gaps.map { $0 * 0.5 - 1e-3 }
        let query = trial % 8
        let other = (trial + 3) % 8
        var cases: [(Int?, Double, Double)] = [(nil, 0, .infinity)]
        cases.append((query, gaps[query], gaps[query]))
        cases.append((other, gaps[other] + 1, min(gaps[query], gaps[other])))
        for (changed, limit, expected) in cases {
          if let changed { limits[changed] = limit }
          for level in VectorInstructions.allCases where level <= .best {
            VectorInstructions.use(level)
            XCTAssertEqual(
              lk_box_nearest(box, queries, limits, components).bitPattern, expected.bitPattern,
              "\(components) components, trial \(trial), \(level.name)")
          }
        }
      }
    }
  }

  /// The walk's distance is the bits of the Swift `expandedSquaredDistance` of
  /// `dotProduct` (the brute force and the other kernels' form), in both variants, at
  /// lengths around the eight lanes.
  func testWalkDistanceEqualsTheSwiftForm() {
    var random = RandomState(seed: 24)
    for dimension in [1, 2, 7, 8, 9, 15, 16, 17, 63, 64, 65, 100] {
      for _ in 0..<20 {
        let a = (0..<dimension).map { _ in uniform(&random) * 3 }
        let b = (0..<dimension).map { _ in uniform(&random) * 3 }
        let (normA, normB) = (
          dotProduct(a, a, dimension), dotProduct(b, b, dimension)
        )
        let expected = expandedSquaredDistance(
          dot: dotProduct(a, b, dimension), normA: normA, normB: normB)
        for level in VectorInstructions.allCases where level <= .best {
          VectorInstructions.use(level)
          XCTAssertEqual(
            lk_knn_distance(a, b, dimension, normA, normB).bitPattern, expected.bitPattern,
            "dimension \(dimension), \(level.name)")
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
