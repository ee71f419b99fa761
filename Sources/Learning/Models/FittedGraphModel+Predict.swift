import DataSets

/// Class probabilities for samples the model was not fitted on, as `predict_proba` gives them.
public struct NewSamplePredictions: Sendable {
  /// The model's classes (codes into the data's class names), one column each.
  public let classes: [Int]
  /// `count x classes.count`, row-major; each row sums to 1, or is all zeros where no
  /// label reached the sample.
  public let probabilities: [Double]
  /// The most probable class of each sample (the first of equal maxima); `nil` where
  /// no label reached it (scikit-learn's row of NaN, whose `argmax` is the first class).
  public let predicted: [Int?]

  /// Number of samples.
  public var count: Int { predicted.count }

  /// The probabilities of sample `row`, one per class.
  public func distribution(_ row: Int) -> ArraySlice<Double> {
    probabilities[(row * classes.count)..<((row + 1) * classes.count)]
  }
}

extension FittedGraphModel {
  /// Labels new samples: `features` row-major in the training columns' order, as read,
  /// z-scored with `scaler` (the training selection's means and scales) when given.
  ///
  /// The weights follow scikit-learn's `predict_proba` (see `predictProbabilities`):
  /// RBF, `exp(-gamma·d²)` to every training sample times its label distribution;
  /// kNN, the sum of the distributions of the `k` nearest training samples; each
  /// row divided by its sum. Where every weight is 0 the row stays zeros and the
  /// sample is flagged instead of becoming NaN.
  public func predictNewSamples(
    _ features: [Double], scaler: StandardScaler? = nil
  ) throws(LearningError) -> NewSamplePredictions {
    if let scaler, scaler.means.count != featureCount {
      throw .shapeMismatch(
        "the scaler has \(scaler.means.count) features; the model has \(featureCount)")
    }
    let scaled = scaler.map { $0.transform(features) } ?? features
    let probabilities = try predictProbabilities(for: scaled)
    let classCount = classes.count
    let rows = classCount == 0 ? 0 : probabilities.count / classCount
    let predicted: [Int?] = (0..<rows).map { row in
      let distribution = probabilities[(row * classCount)..<((row + 1) * classCount)]
      guard distribution.contains(where: { $0 != 0 }) else { return nil }
      return classes[firstArgmax(distribution)]
    }
    return NewSamplePredictions(
      classes: classes, probabilities: probabilities, predicted: predicted)
  }
}
