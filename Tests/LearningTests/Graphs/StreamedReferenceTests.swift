import DataSets
import Foundation
import XCTest

@testable import Learning

/// The streamed RBF graph against `scripts/rbf_reference.py`'s exact chunked computation of
/// scikit-learn's semantics, on 12,000 jittered digits (where scikit-learn's own fit needs
/// several n x n arrays of 1.15 GB each).
final class StreamedReferenceTests: XCTestCase {
  private struct Reference: Decodable {
    let nSamples: Int
    let gamma: Double
    let alpha: Double
    let maxIter: Int
    let tol: Double
    let nIter: Int
    let converged: Bool
    let residuals: [Double]
    let classes: [Int]
    let transduction: [Int]
    let sampleRows: [Int]
    let sampleDistributions: [[Double]]
    enum CodingKeys: String, CodingKey {
      case gamma, alpha, tol, converged, residuals, classes, transduction
      case nSamples = "n_samples"
      case maxIter = "max_iter"
      case nIter = "n_iter"
      case sampleRows = "sample_rows"
      case sampleDistributions = "sample_distributions"
    }
  }

  /// The first `count` rows of `bench generate` (digit `i mod 1797` plus N(0, 1) noise from
  /// `RandomState(0)`, clipped to [0, 16], written with 4 decimals), every
  /// `labeledEvery`-th row labeled.
  static func jitteredDigits(_ count: Int, labeledEvery: Int = 100) -> (
    features: [Double], labels: [Int]
  ) {
    let digits = DataSet.digits()
    var random = RandomState(seed: 0)
    var features: [Double] = []
    var labels: [Int] = []
    features.reserveCapacity(count * digits.featureCount)
    for row in 0..<count {
      let source = row % digits.sampleCount
      for value in digits.row(source) {
        let jittered = min(16, max(0, value + random.standardNormal()))
        features.append(Double(String(format: "%.4f", jittered))!)
      }
      labels.append(row % labeledEvery == 0 ? Int(digits.classNames[digits.targets[source]])! : -1)
    }
    return (features, labels)
  }

  func testStreamedFitEqualsTheChunkedReference() throws {
    let reference = try Fixtures.decode(Reference.self, "rbf_reference_12000.json")
    let (features, labels) = Self.jitteredDigits(reference.nSamples)
    var model = GraphModel.labelSpreading(
      kernel: .rbf(gamma: reference.gamma), alpha: reference.alpha,
      maxIterations: reference.maxIter, tolerance: reference.tol)
    model.rbfStorage = .streamed
    let fitted = try model.fit(features: features, featureCount: 64, labels: labels)
    XCTAssertEqual(fitted.classes, reference.classes)
    XCTAssertEqual(fitted.iterations, reference.nIter, "n_iter")
    XCTAssertEqual(fitted.converged, reference.converged)
    XCTAssertEqual(fitted.residuals.count, reference.residuals.count)
    for (actual, expected) in zip(fitted.residuals, reference.residuals) {
      assertClose(actual, expected, "residual")
    }
    let transduction = fitted.transduction
    XCTAssertEqual(transduction, reference.transduction, "transduction")
    for (row, expected) in zip(reference.sampleRows, reference.sampleDistributions) {
      for (actual, value) in zip(fitted.distribution(row), expected) {
        assertClose(actual, value, "row \(row)")
      }
    }
  }
}
