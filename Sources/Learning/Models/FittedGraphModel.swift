import Foundation

/// The result of fitting a `GraphModel`: a class distribution for every training sample.
public struct FittedGraphModel: Sendable {
  public let model: GraphModel
  public let featureCount: Int
  let trainingFeatures: [Double]
  /// The distinct labels seen in training, ascending (`classes_`).
  public let classes: [Int]
  /// `sampleCount x classes.count`, row-major; rows sum to 1, or to 0 when
  /// nothing reached the sample (`label_distributions_`).
  public let labelDistributions: [Double]
  /// Number of updates made (`n_iter_`); `model.maxIterations` when not converged.
  public let iterations: Int
  /// Whether `sum |F - F_prev|` fell below the tolerance before `maxIterations`.
  public let converged: Bool
  /// `sum |F - F_prev|` each time it was tested, in order.
  public let residuals: [Double]
  /// Samples the kernel left with no edge from any other sample (`reach.isolated`).
  public let isolatedSamples: [Int]
  /// Why samples got no label: isolated, unreachable, or not reached within `max_iter`.
  public let reach: LabelReach
  /// Per sample, the squared distance to its nearest other sample (RBF only).
  public let nearestSquaredDistance: [Double]?

  /// Number of training samples.
  public var sampleCount: Int { classes.isEmpty ? 0 : labelDistributions.count / classes.count }

  /// The distribution of sample `index`, one value per class.
  public func distribution(_ index: Int) -> ArraySlice<Double> {
    labelDistributions[(index * classes.count)..<((index + 1) * classes.count)]
  }

  /// The label of each training sample (`transduction_`): the first class of largest mass.
  public var transduction: [Int] {
    (0..<sampleCount).map { classes[firstArgmax(distribution($0))] }
  }

  /// Whether sample `index` received no mass at all (its row is all zeros).
  public func hasEmptyDistribution(_ index: Int) -> Bool {
    distribution(index).allSatisfy { $0 == 0 }
  }

  /// Class probabilities for new samples, as `predict_proba` computes them.
  ///
  /// RBF: the kernel-weighted sum of the training distributions; kNN: the sum
  /// over the `k` nearest training samples; kNN-RBF: the same sum weighted by
  /// `exp(-gamma * d²)`; each row then divided by its sum. (For kNN-RBF, a
  /// query's neighbours are its `k` nearest training samples, as for kNN.)
  /// Where scikit-learn would divide by zero (a query too far from every
  /// training sample for the RBF weights to register) the row is all zeros,
  /// never NaN; `predict` maps such a row to the first class.
  public func predictProbabilities(for features: [Double]) throws(LearningError) -> [Double] {
    guard featureCount > 0, features.count % featureCount == 0 else {
      throw .shapeMismatch(
        "query rows must have \(featureCount) features; got \(features.count) values")
    }
    if let bad = features.firstIndex(where: { !$0.isFinite }) {
      throw .nonFiniteFeature(sample: bad / featureCount, feature: bad % featureCount)
    }
    let queryCount = features.count / featureCount
    let classCount = classes.count
    var probabilities = [Double](repeating: 0, count: queryCount * classCount)
    try trainingFeatures.withUnsafeBufferPointer { training throws(LearningError) in
      let trainingSamples = Samples(
        values: training, count: sampleCount, dimension: featureCount)
      try features.withUnsafeBufferPointer { queries throws(LearningError) in
        let querySamples = Samples(values: queries, count: queryCount, dimension: featureCount)
        switch model.kernel {
        case .rbf(let gamma):
          let trainingNorms = try squaredNorms(trainingSamples)
          let queryNorms = try squaredNorms(querySamples)
          for query in 0..<queryCount {
            let q = querySamples.row(query)
            for sample in 0..<sampleCount {
              let distance = expandedSquaredDistance(
                dot: dotProduct(trainingSamples.row(sample), q, featureCount),
                normA: trainingNorms[sample], normB: queryNorms[query])
              let weight = exp(distance * -gamma)
              if weight == 0 { continue }
              for column in 0..<classCount {
                probabilities[query * classCount + column] +=
                  weight * labelDistributions[sample * classCount + column]
              }
            }
          }
        case .knn(let k), .knnRBF(let k, _):
          let gamma = model.kernel.gamma
          let count = min(k, sampleCount)
          var distances = [Double](repeating: 0, count: k)
          var indices = [Int](repeating: 0, count: k)
          for query in 0..<queryCount {
            NeighborLists.nearestNeighbors(
              of: querySamples.row(query), in: trainingSamples, k: count,
              distances: &distances, indices: &indices)
            for slot in 0..<count {
              let neighbor = indices[slot]
              let weight = gamma.map { exp(-$0 * distances[slot]) } ?? 1
              for column in 0..<classCount {
                probabilities[query * classCount + column] +=
                  weight * labelDistributions[neighbor * classCount + column]
              }
            }
          }
        }
      }
    }
    normalizeRows(&probabilities, classCount: classCount)
    return probabilities
  }

  /// The most probable class of each new sample (`predict`).
  public func predict(_ features: [Double]) throws(LearningError) -> [Int] {
    let probabilities = try predictProbabilities(for: features)
    let classCount = classes.count
    return stride(from: 0, to: probabilities.count, by: classCount).map {
      classes[firstArgmax(probabilities[$0..<($0 + classCount)])]
    }
  }
}

/// Offset of the first largest value within the slice (`np.argmax`).
func firstArgmax(_ values: ArraySlice<Double>) -> Int {
  var best = values.startIndex
  for index in values.indices where values[index] > values[best] { best = index }
  return best - values.startIndex
}
