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
    return try nearestTrainingSamples(
      rows: Array(0..<(features.count / featureCount)), of: features)
  }

  /// For rows `rows` of the row-major matrix `features`, the index of the nearest training
  /// sample (the lowest of equals), without copying the rows.
  ///
  /// Above `treeThreshold` training samples the search skips most of them
  /// (`NearestTrainingSearch`); the answer is the same as comparing with each.
  public func nearestTrainingSamples(rows: [Int], of features: [Double]) throws(LearningError)
    -> [Int]
  {
    let dimension = featureCount
    guard features.count % dimension == 0 else {
      throw .shapeMismatch(
        "query rows must have \(dimension) features; got \(features.count) values")
    }
    let queryCount = features.count / dimension
    for row in rows {
      guard row >= 0, row < queryCount else {
        throw .shapeMismatch("query row \(row) is outside the \(queryCount) rows given")
      }
      for feature in 0..<dimension where !features[row * dimension + feature].isFinite {
        throw .nonFiniteFeature(sample: row, feature: feature)
      }
    }
    let trainingCount = sampleCount
    return try trainingFeatures.withUnsafeBufferPointer { training throws(LearningError) in
      try features.withUnsafeBufferPointer { queries throws(LearningError) in
        let trainingSamples = Samples(values: training, count: trainingCount, dimension: dimension)
        let querySamples = Samples(values: queries, count: queryCount, dimension: dimension)
        _ = try squaredNorms(querySamples)
        if trainingCount < Self.treeThreshold {
          return rows.map { Self.bruteForceNearest(querySamples.row($0), in: trainingSamples) }
        }
        return Self.treeNearest(rows: rows, of: querySamples, in: trainingSamples)
      }
    }
  }

  /// Below this many training samples, every query is compared with every one of them.
  static let treeThreshold = 64

  /// The index of the nearest of `training` to `query`, comparing with each in order.
  static func bruteForceNearest(_ query: UnsafePointer<Double>, in training: Samples) -> Int {
    var best = 0
    var bestDistance = Double.infinity
    for candidate in 0..<training.count {
      let distance = sequentialDistance(query, training.row(candidate), training.dimension)
      if distance < bestDistance {
        bestDistance = distance
        best = candidate
      }
    }
    return best
  }

  /// `sum_k (x_k - y_k)²` in feature order, like scikit-learn's `rdist`: same rounding,
  /// same ranking.
  @inline(__always)
  static func sequentialDistance(
    _ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ dimension: Int
  ) -> Double {
    var distance = 0.0
    for feature in 0..<dimension {
      let difference = x[feature] - y[feature]
      distance += difference * difference
    }
    return distance
  }

  /// The tree search over every core, in parts of 2,048 queries.
  static func treeNearest(rows: [Int], of queries: Samples, in training: Samples) -> [Int] {
    let search = NearestTrainingSearch(training: training)
    var nearest = [Int](repeating: 0, count: rows.count)
    let partSize = 2048
    nearest.withUnsafeMutableBufferPointer { buffer in
      let output = SharedBuffer(buffer)
      forEachPart((rows.count + partSize - 1) / partSize) { part in
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: search.width)
        let stack = UnsafeMutablePointer<Int>.allocate(capacity: 2 * search.depth + 2)
        let gaps = UnsafeMutablePointer<Double>.allocate(capacity: 2 * search.depth + 2)
        defer {
          scratch.deallocate()
          stack.deallocate()
          gaps.deallocate()
        }
        for index in (part * partSize)..<min(rows.count, part * partSize + partSize) {
          output.base[index] = search.nearest(
            queries.row(rows[index]), scratch: scratch, stack: stack, gaps: gaps)
        }
      }
    }
    return nearest
  }

  /// The class of each query row's nearest training sample (`predict`).
  public func predict(_ features: [Double]) throws(LearningError) -> [Int] {
    try nearestTrainingSamples(for: features).map { trainingLabels[$0] }
  }

  /// The class of the nearest training sample of rows `rows` of `features`.
  public func predict(rows: [Int], of features: [Double]) throws(LearningError) -> [Int] {
    try nearestTrainingSamples(rows: rows, of: features).map { trainingLabels[$0] }
  }
}
