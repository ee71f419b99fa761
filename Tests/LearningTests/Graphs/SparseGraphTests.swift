import DataSets
import XCTest

@testable import Learning

/// The kNN graphs' sparse product, sums in registers for up to 16 classes,
/// against the sum of each row's entries in order, bit for bit.
final class SparseGraphTests: XCTestCase {
  private func uniform(_ random: inout RandomState) -> Double {
    Double(random.nextUInt32()) / 4_294_967_296
  }

  func testProductEqualsEntriesSummedInOrder() {
    var random = RandomState(seed: 5)
    // Parts of 16,384 rows on both cores, rows without entries, repeated columns.
    let n = 20_000
    var rowStart = [0]
    var columns: [Int] = []
    var weights: [Double] = []
    for _ in 0..<n {
      for _ in 0..<Int(random.nextUInt32() % 10) {
        columns.append(Int(random.nextUInt32() % UInt32(n)))
        weights.append(uniform(&random) * 3)
      }
      rowStart.append(columns.count)
    }
    let graph = SparseGraph(sampleCount: n, rowStart: rowStart, columns: columns, weights: weights)
    // One workspace for every class count, as one fit's iterations share one.
    var workspace = [Double](repeating: .nan, count: 7)
    // Either side of 8 and 16 lanes, and past them (the loop through memory).
    for classes in [1, 2, 3, 7, 8, 9, 10, 15, 16, 17, 20] {
      let input = (0..<n * classes).map { _ in uniform(&random) - 0.25 }
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
      input.withUnsafeBufferPointer { input in
        output.withUnsafeMutableBufferPointer { output in
          graph.multiply(input, classes: classes, into: output, workspace: &workspace)
        }
      }
      XCTAssertEqual(output.map(\.bitPattern), expected.map(\.bitPattern), "\(classes) classes")
    }
  }
}
