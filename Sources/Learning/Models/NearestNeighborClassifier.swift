import Foundation

/// A purely supervised baseline: each query takes the class of its nearest training sample.
///
/// This is scikit-learn's `KNeighborsClassifier(n_neighbors=1)` with the
/// Euclidean metric and the brute-force search. Its `predict` ranks the
/// training samples of a query by `sum_k (x_k - y_k)²`, summed one feature
/// after another, scans them in training order and keeps a candidate only
/// when it is strictly nearer (its heap rejects a value `>=` the current
/// worst). This does the same in the same order, so the predictions are
/// identical, and of several training samples at exactly the same distance
/// the one with the lowest index wins. The digits, whose features are
/// integers, have such exact ties.
///
/// `KNeighborsClassifier`'s default `algorithm="auto"` searches by brute
/// force only when there are more than 15 features (or `k >= n / 2`); with
/// fewer it builds a k-d tree, which resolves exact ties in its traversal
/// order instead, so on such data the two can differ at ties.
public struct NearestNeighborClassifier: Sendable {
  /// Number of features of every training and query sample.
  public let featureCount: Int
  /// The distinct training labels, ascending (`classes_`).
  public let classes: [Int]
  /// The label of each training sample, in training order.
  public let trainingLabels: [Int]
  private let trainingFeatures: [Double]

  /// Stores the training samples (fitting a nearest-neighbour classifier is remembering).
  ///
  /// - Parameters:
  ///   - features: `labels.count` rows of `featureCount` values, row-major.
  ///   - labels: the class code of each row, `>= 0`.
  public init(features: [Double], featureCount: Int, labels: [Int]) throws(LearningError) {
    let count = labels.count
    guard count > 0 else { throw .noLabeledSamples }
    guard featureCount > 0, features.count == count * featureCount else {
      throw .shapeMismatch(
        "expected \(count) samples of \(featureCount) features, got \(features.count) values")
    }
    if let negative = labels.first(where: { $0 < 0 }) {
      throw .invalidParameter(name: "label", value: "\(negative)", expected: ">= 0")
    }
    if let bad = features.firstIndex(where: { !$0.isFinite }) {
      throw .nonFiniteFeature(sample: bad / featureCount, feature: bad % featureCount)
    }
    // Squared distances must stay finite for the ranking to mean anything.
    _ = try features.withUnsafeBufferPointer { buffer throws(LearningError) in
      try squaredNorms(Samples(values: buffer, count: count, dimension: featureCount))
    }
    self.featureCount = featureCount
    self.classes = Array(Set(labels)).sorted()
    self.trainingLabels = labels
    self.trainingFeatures = features
  }

  /// Number of training samples.
  public var sampleCount: Int { trainingLabels.count }

  /// For each query row, the index of its nearest training sample (the lowest of equals).
  public func nearestTrainingSamples(for features: [Double]) throws(LearningError) -> [Int] {
    guard features.count % featureCount == 0 else {
      throw .shapeMismatch(
        "query rows must have \(featureCount) features; got \(features.count) values")
    }
    if let bad = features.firstIndex(where: { !$0.isFinite }) {
      throw .nonFiniteFeature(sample: bad / featureCount, feature: bad % featureCount)
    }
    let queryCount = features.count / featureCount
    let dimension = featureCount
    let trainingCount = sampleCount
    return try trainingFeatures.withUnsafeBufferPointer { training throws(LearningError) in
      try features.withUnsafeBufferPointer { queries throws(LearningError) in
        let trainingSamples = Samples(values: training, count: trainingCount, dimension: dimension)
        let querySamples = Samples(values: queries, count: queryCount, dimension: dimension)
        _ = try squaredNorms(querySamples)
        return (0..<queryCount).map { query in
          let x = querySamples.row(query)
          var best = 0
          var bestDistance = Double.infinity
          for candidate in 0..<trainingCount {
            let y = trainingSamples.row(candidate)
            // In feature order, like scikit-learn's `rdist`: same rounding, same ranking.
            var distance = 0.0
            for feature in 0..<dimension {
              let difference = x[feature] - y[feature]
              distance += difference * difference
            }
            if distance < bestDistance {
              bestDistance = distance
              best = candidate
            }
          }
          return best
        }
      }
    }
  }

  /// The class of each query row's nearest training sample (`predict`).
  public func predict(_ features: [Double]) throws(LearningError) -> [Int] {
    try nearestTrainingSamples(for: features).map { trainingLabels[$0] }
  }
}
