import Foundation

/// Numbers that say what a run's results mean: how trustworthy the accuracy is, whether
/// the unlabeled samples helped, whether the graph is degenerate, whether the uncertainty
/// ranking can tell samples apart, and which classes are never predicted.
public struct RunDiagnostics: Sendable, Equatable {
  /// The scored samples and how many of them were predicted right; 0 without ground truth.
  public var scored: Int
  public var correct: Int
  /// The 95% Wilson interval of the accuracy; nil without scored samples.
  public var accuracyInterval: WilsonInterval?
  /// Accuracy on the scored samples of a 1-nearest-neighbour classifier trained on the
  /// labeled samples alone (the supervised baseline); nil without scored samples.
  public var baselineAccuracy: Double?
  /// The share of the unlabeled samples whose predicted class is the baseline's.
  public var agreementWithBaseline: Double?
  /// For an RBF graph: the median over the samples examined of the largest share of a
  /// sample's weight that goes to a single other sample; nil for the kNN graphs.
  public var medianLargestWeightShare: Double?
  /// How many samples `medianLargestWeightShare` examined, spread evenly over all of them.
  public var samplesExamined: Int
  /// How many of the listed uncertain samples have an entropy of 0 (within 1e-12).
  public var zeroEntropyUncertain: Int
  /// Classes that have labeled samples but are predicted for no unlabeled sample, with how
  /// many scored samples truly belong to each.
  public var neverPredicted: [(classCode: Int, truly: Int)]

  /// Most samples whose weight shares are examined: enough for a median, and a bounded cost
  /// (each one is compared with every sample, `O(300 n)` in all, on every core).
  public static let shareSampleLimit = 300

  public static func == (a: RunDiagnostics, b: RunDiagnostics) -> Bool {
    a.scored == b.scored && a.correct == b.correct && a.accuracyInterval == b.accuracyInterval
      && a.baselineAccuracy == b.baselineAccuracy
      && a.agreementWithBaseline == b.agreementWithBaseline
      && a.medianLargestWeightShare == b.medianLargestWeightShare
      && a.samplesExamined == b.samplesExamined
      && a.zeroEntropyUncertain == b.zeroEntropyUncertain
      && a.neverPredicted.map(\.classCode) == b.neverPredicted.map(\.classCode)
      && a.neverPredicted.map(\.truly) == b.neverPredicted.map(\.truly)
  }
}

extension ExperimentResult {
  /// The run's diagnostics (see `RunDiagnostics`).
  public func diagnostics() throws(LearningError) -> RunDiagnostics {
    let truth = data.targets
    let prediction = transduction
    let correct = evaluatedIndices.filter { truth[$0] == prediction[$0] }.count
    let unlabeled = trainingLabels.indices.filter { trainingLabels[$0] == -1 }

    var baselineAccuracy: Double?
    var agreement: Double?
    let labeled = trainingLabels.indices.filter { trainingLabels[$0] != -1 }
    if !labeled.isEmpty, !unlabeled.isEmpty {
      let baseline = try NearestNeighborClassifier(
        features: labeled.flatMap { data.row($0) }, featureCount: data.featureCount,
        labels: labeled.map { trainingLabels[$0] })
      let predicted = try baseline.predict(rows: unlabeled, of: data.features)
      var byIndex = [Int](repeating: -1, count: data.sampleCount)
      for (sample, label) in zip(unlabeled, predicted) { byIndex[sample] = label }
      agreement =
        Double(unlabeled.filter { byIndex[$0] == prediction[$0] }.count) / Double(unlabeled.count)
      if !evaluatedIndices.isEmpty {
        baselineAccuracy =
          Double(evaluatedIndices.filter { byIndex[$0] == truth[$0] }.count)
          / Double(evaluatedIndices.count)
      }
    }

    var share: Double?
    var examined = 0
    if case .rbf(let gamma) = experiment.model.kernel, data.sampleCount > 1 {
      let shares = largestWeightShares(gamma: gamma)
      examined = shares.count
      share = median(shares)
    }

    let predictedUnlabeled = Set(unlabeled.map { prediction[$0] })
    let neverPredicted = model.classes.filter {
      !predictedUnlabeled.contains($0) && !unlabeled.isEmpty
    }
    .map { code in (classCode: code, truly: evaluatedIndices.filter { truth[$0] == code }.count) }

    return RunDiagnostics(
      scored: evaluatedIndices.count, correct: correct,
      accuracyInterval: WilsonInterval(successes: correct, trials: evaluatedIndices.count),
      baselineAccuracy: baselineAccuracy, agreementWithBaseline: agreement,
      medianLargestWeightShare: share, samplesExamined: examined,
      zeroEntropyUncertain: uncertain.filter {
        !model.hasEmptyDistribution($0) && entropies[$0] <= 1e-12
      }.count,
      neverPredicted: neverPredicted)
  }

  /// For evenly spread samples, the largest share of their RBF weight `exp(-gamma d²)` that
  /// goes to one other sample: `1 / sum_j exp(-gamma (d_j² - d_min²))` over the others,
  /// computed relative to the nearest so that no weight underflows.
  func largestWeightShares(gamma: Double) -> [Double] {
    let count = data.sampleCount
    let width = data.featureCount
    let examined = min(count, RunDiagnostics.shareSampleLimit)
    var shares = [Double](repeating: 0, count: examined)
    data.features.withUnsafeBufferPointer { features in
      let samples = Samples(values: features, count: count, dimension: width)
      shares.withUnsafeMutableBufferPointer { buffer in
        let output = SharedBuffer(buffer)
        // One examined sample per part, on every core; each compares it with every sample.
        forEachPart(examined) { step in
          output.base[step] = Self.largestWeightShare(
            of: step * count / examined, in: samples, gamma: gamma)
        }
      }
    }
    return shares
  }

  /// The largest share of `sample`'s RBF weight that goes to one other sample.
  static func largestWeightShare(of sample: Int, in samples: Samples, gamma: Double) -> Double {
    let count = samples.count
    let row = samples.row(sample)
    var distances = [Double](repeating: 0, count: count)
    var nearest = Double.infinity
    for other in 0..<count where other != sample {
      // In feature order, as it was summed before this ran in parallel.
      let distance = NearestNeighborClassifier.sequentialDistance(
        row, samples.row(other), samples.dimension)
      distances[other] = distance
      nearest = min(nearest, distance)
    }
    if count < 2 { nearest = 0 }
    var total = 0.0
    for other in 0..<count where other != sample {
      total += exp(-gamma * (distances[other] - nearest))
    }
    return total > 0 ? 1 / total : 0
  }
}

/// The median of `values` (the mean of the middle two for an even count); nil when empty.
func median(_ values: [Double]) -> Double? {
  guard !values.isEmpty else { return nil }
  let sorted = values.sorted()
  let middle = sorted.count / 2
  return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
