import DataSets
import Foundation
import XCTest

@testable import Learning

/// One scikit-learn run written by `scripts/make_fixtures.py`.
struct ModelCase: Decodable {
  struct Normalized: Decodable {
    let `true`: [[Double]]
    let pred: [[Double]]
    let all: [[Double]]
  }
  struct Inductive: Decodable {
    let sourceIndices: [Int]
    let probabilities: [[Double]]
    let predictions: [Int]
    enum CodingKeys: String, CodingKey {
      case sourceIndices = "source_indices"
      case probabilities, predictions
    }
  }

  let name: String
  let data: String
  let seed: UInt32
  let samples: Int
  let labeled: Int
  let standardize: Bool
  let model: String
  let kernel: String
  let gamma: Double
  let alpha: Double?
  let nNeighbors: Int
  let maxIter: Int
  let tol: Double
  let indices: [Int]
  let yTrue: [Int]
  let yTrain: [Int]
  let classes: [Int]
  let nIter: Int
  let converged: Bool
  let residuals: [Double]
  let labelDistributions: [[Double]]
  let transduction: [Int]
  let entropies: [Double]
  let uncertain: [Int]
  let reportText: String
  let accuracy: Double
  let confusionMatrix: [[Int]]
  let confusionMatrixNormalized: Normalized
  let inductive: Inductive

  enum CodingKeys: String, CodingKey {
    case name, data, seed, samples, labeled, standardize, model, kernel, gamma, alpha
    case nNeighbors = "n_neighbors"
    case maxIter = "max_iter"
    case tol, indices
    case yTrue = "y_true"
    case yTrain = "y_train"
    case classes
    case nIter = "n_iter"
    case converged, residuals
    case labelDistributions = "label_distributions"
    case transduction, entropies, uncertain
    case reportText = "report_text"
    case accuracy
    case confusionMatrix = "confusion_matrix"
    case confusionMatrixNormalized = "confusion_matrix_normalized"
    case inductive
  }

  /// The model this case describes.
  var graphModel: GraphModel {
    let kernel: Kernel =
      switch self.kernel {
      case "knn": .knn(neighbors: nNeighbors)
      case "knn-rbf": .knnRBF(neighbors: nNeighbors, gamma: gamma)
      default: .rbf(gamma: gamma)
      }
    if model == "propagation" {
      return .labelPropagation(kernel: kernel, maxIterations: maxIter, tolerance: tol)
    }
    return .labelSpreading(
      kernel: kernel, alpha: alpha ?? 0.2, maxIterations: maxIter, tolerance: tol)
  }

  var experiment: Experiment {
    Experiment(
      seed: seed, samples: samples, labeled: labeled, standardize: standardize,
      model: graphModel, uncertainCount: 10)
  }
}

enum Fixtures {
  static func url(_ name: String) throws -> URL {
    try XCTUnwrap(
      Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"),
      "missing fixture \(name)")
  }

  static func decode<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
    try JSONDecoder().decode(type, from: Data(contentsOf: url(name)))
  }

  static func modelCase(_ name: String) throws -> ModelCase {
    try decode(ModelCase.self, "case_\(name).json")
  }

  /// The data set a case names: the built-in digits, or the iris or blobs CSV.
  static func dataSet(for fixture: ModelCase) throws -> DataSet {
    switch fixture.data {
    case "digits": return DataSet.digits()
    case "iris": return try DataSet.loadCSV(path: url("iris.csv").path, options: .init())
    case "blobs": return try DataSet.loadCSV(path: url("blobs.csv").path, options: .init())
    default:
      XCTFail("unknown data set \(fixture.data)")
      throw CocoaError(.featureUnsupported)
    }
  }

  /// The project's root folder, found from this source file.
  static var projectRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
  }
}

/// Asserts `actual` and `expected` agree within `absolute + relative * |expected|`.
func assertClose(
  _ actual: Double, _ expected: Double, absolute: Double = 1e-9, relative: Double = 1e-9,
  _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line
) {
  let allowed = absolute + relative * abs(expected)
  XCTAssert(
    abs(actual - expected) <= allowed,
    "\(actual) differs from \(expected) by more than \(allowed) \(message())", file: file,
    line: line)
}
