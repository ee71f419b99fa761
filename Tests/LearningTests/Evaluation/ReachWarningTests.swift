import DataSets
import XCTest

@testable import Learning

/// The warnings about samples without a label, on small graphs built to have each kind.
final class ReachWarningTests: XCTestCase {
  /// Points on a line, with a chain, an unreachable pair and unchosen points.
  ///
  /// Their 2-nearest-neighbour graph (the point and its nearest) is a chain
  /// from the two labeled points, a pair that chooses only itself, and two
  /// points that nobody chooses:
  ///
  ///     index:  0  1  2  3  4   5   6    7    8   9
  ///     x:      0  1  3  7  15  31  50  100  101  -2
  ///     steps:  0  0  1  2  3   4   5    -    -   1   (edges from a labeled point)
  ///
  /// Samples 6 and 9 are nobody's nearest; 7 and 8 only have each other.
  private let line: [Double] = [0, 1, 3, 7, 15, 31, 50, 100, 101, -2]
  private let lineLabels = [0, 1, -1, -1, -1, -1, -1, -1, -1, -1]

  func testChainTellsUnchosenUnreachedAndUnreachableApart() throws {
    for variant in GraphModelVariant.allCases {
      for kernel in [Kernel.knn(neighbors: 2), .knnRBF(neighbors: 2, gamma: 1e-3)] {
        let model = GraphModel(variant: variant, kernel: kernel, maxIterations: 2)
        let fitted = try model.fit(features: line, featureCount: 1, labels: lineLabels)
        let name = "\(variant) \(kernel)"
        XCTAssertEqual(fitted.reach.isolated, [], name)
        XCTAssertEqual(fitted.reach.unchosen, [6, 9], name)
        XCTAssertEqual(fitted.reach.unreachable, [7, 8], name)
        XCTAssertEqual(fitted.reach.notYetReached, [4, 5, 6], name)
        XCTAssertEqual(fitted.reach.stepsNeeded, 5, name)
        XCTAssertFalse(fitted.converged, name)
        XCTAssertEqual(
          (0..<10).filter { fitted.hasEmptyDistribution($0) }, [4, 5, 6, 7, 8], name)
        XCTAssertEqual(
          fitted.reach.warnings(for: fitted),
          [
            "2 of 10 samples are no other sample's neighbour: each still takes labels from its "
              + "own 1 nearest samples but passes none on (usual in a kNN graph; a larger "
              + "--neighbors makes it rarer)",
            "2 of 10 samples are in parts of the graph that no labeled sample connects to, so "
              + "no number of iterations reaches them; label some of them, or use a larger "
              + "--neighbors; they are flagged in predictions.csv (no_label_reached)",
            "3 of 10 samples had received no label when the iterations stopped after 2 (labels "
              + "need up to 5 iterations to reach them); use --max-iter 5 or more; they are "
              + "flagged in predictions.csv (no_label_reached)",
          ], name)
      }
    }
  }

  /// With enough iterations the chain is reached; the unreachable pair and the unchosen stay.
  func testEnoughIterationsReachTheWholeChain() throws {
    let model = GraphModel.labelSpreading(kernel: .knn(neighbors: 2), maxIterations: 5)
    let fitted = try model.fit(features: line, featureCount: 1, labels: lineLabels)
    XCTAssertEqual(fitted.reach.notYetReached, [])
    XCTAssertEqual(fitted.reach.unreachable, [7, 8])
    XCTAssertEqual(fitted.reach.unchosen, [6, 9])
    XCTAssertEqual((0..<10).filter { fitted.hasEmptyDistribution($0) }, [7, 8])
  }

  /// knn-rbf: a point whose neighbour's weight underflows is isolated, not unchosen.
  func testUnderflowingKNNRBFWeightsIsolateASample() throws {
    let model = GraphModel.labelSpreading(
      kernel: .knnRBF(neighbors: 2, gamma: 1), maxIterations: 30)
    let fitted = try model.fit(features: [0, 1, 40], featureCount: 1, labels: [0, -1, -1])
    XCTAssertEqual(fitted.reach.isolated, [2])
    XCTAssertEqual(fitted.reach.unchosen, [2])
    XCTAssertEqual(fitted.reach.unreachable, [])
    XCTAssertEqual(
      fitted.reach.warnings(for: fitted).first,
      "1 of 3 samples are isolated: no other sample has an edge to them under this kernel, so "
        + "no label can reach them (the weights exp(-gamma * d²) of their neighbours underflow "
        + "to 0; use a smaller --gamma than 1.0); they are flagged in predictions.csv "
        + "(no_label_reached)")
  }

  /// RBF: weights that all underflow isolate a sample; the warning names a gamma that would
  /// keep it connected, from its nearest squared distance (745 / 39² = 0.49).
  func testRBFIsolatedSampleNamesASmallerGamma() throws {
    for variant in GraphModelVariant.allCases {
      let model = GraphModel(variant: variant, kernel: .rbf(gamma: 1), maxIterations: 30)
      let fitted = try model.fit(features: [0, 1, 40], featureCount: 1, labels: [0, -1, -1])
      XCTAssertEqual(fitted.reach.isolated, [2], "\(variant)")
      XCTAssertEqual(fitted.reach.unchosen, [], "\(variant)")
      XCTAssertEqual(fitted.reach.notYetReached, [], "\(variant)")
      XCTAssertEqual(
        fitted.reach.warnings(for: fitted),
        [
          "1 of 3 samples are isolated: no other sample has an edge to them under this kernel, "
            + "so no label can reach them (gamma 1.0 is too large; below about 0.49 every sample "
            + "keeps a neighbour); they are flagged in predictions.csv (no_label_reached)"
        ], "\(variant)")
    }
  }

  /// A kNN graph gives every sample its neighbours: none is called isolated,
  /// however many are nobody's neighbour (a million-sample run once said
  /// 214,049 samples "have no neighbour").
  func testKNNDigitsHaveUnchosenSamplesButNoIsolatedOnes() throws {
    let digits = DataSet.digits().subset(Array(0..<500))
    let labels = (0..<digits.sampleCount).map { $0 % 10 == 0 ? digits.targets[$0] : -1 }
    let fitted = try GraphModel.labelSpreading(kernel: .knn(neighbors: 7), maxIterations: 30)
      .fit(features: digits.features, featureCount: digits.featureCount, labels: labels)
    XCTAssertEqual(fitted.reach.isolated, [])
    XCTAssertGreaterThan(fitted.reach.unchosen.count, 0)
    let warnings = fitted.reach.warnings(for: fitted)
    XCTAssertFalse(warnings.contains { $0.contains("isolated") || $0.contains("no neighbour") })
    XCTAssertTrue(warnings.contains { $0.contains("no other sample's neighbour") })
  }

  func testNeighborsOneIsolatesEverySample() throws {
    let fitted = try GraphModel.labelPropagation(kernel: .knn(neighbors: 1)).fit(
      features: [0, 1, 2], featureCount: 1, labels: [0, -1, -1])
    XCTAssertEqual(fitted.reach.isolated, [0, 1, 2])
    XCTAssertTrue(
      fitted.reach.warnings(for: fitted).first?.hasSuffix(
        "(--neighbors 1 keeps only the sample itself; use 2 or more); they are flagged in "
          + "predictions.csv (no_label_reached)") ?? false)
  }

  func testGroupedCounts() {
    XCTAssertEqual(grouped(0), "0")
    XCTAssertEqual(grouped(999), "999")
    XCTAssertEqual(grouped(214_049), "214,049")
    XCTAssertEqual(grouped(1_000_000), "1,000,000")
  }
}
