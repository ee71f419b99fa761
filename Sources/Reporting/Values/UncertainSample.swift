/// One of the predictions the model was least sure of: ranked on the report, chosen to be
/// labeled in a round of active learning, or asked about on the queries page.
public struct UncertainSample: Sendable, Equatable {
  /// Position in the uncertainty ranking, 1 for the most uncertain.
  public var rank: Int
  /// Row of the sample in the data the model saw.
  public var index: Int
  /// Row of the sample in the original data set before shuffling; nil if unknown.
  public var sourceIndex: Int?
  /// The predicted label (the page says instead that no label reached the sample, when none did).
  public var predicted: String
  /// The true label; nil without ground truth.
  public var truth: String?
  /// Entropy of the predicted label distribution, in nats.
  public var entropy: Double
  /// The most probable classes, most probable first (the report and the queries page show
  /// three; the active-learning page none).
  public var topProbabilities: [ClassProbability]
  /// Whether no label reached the sample: its distribution is all zeros, its
  /// entropy undefined, and it ranks as the most uncertain of all.
  public var noLabelReached: Bool

  public init(
    rank: Int, index: Int, sourceIndex: Int?, predicted: String, truth: String?, entropy: Double,
    topProbabilities: [ClassProbability], noLabelReached: Bool = false
  ) {
    self.noLabelReached = noLabelReached
    self.rank = rank
    self.index = index
    self.sourceIndex = sourceIndex
    self.predicted = predicted
    self.truth = truth
    self.entropy = entropy
    self.topProbabilities = topProbabilities
  }
}

/// A class label with the probability the model gives it.
public struct ClassProbability: Sendable, Equatable {
  /// The class label.
  public var label: String
  /// Probability in 0...1.
  public var probability: Double

  public init(label: String, probability: Double) {
    self.label = label
    self.probability = probability
  }
}
