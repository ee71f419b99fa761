/// Sentences that describe figures for readers who cannot see them (the `alt` of an image).
public enum AltText {
  /// The most frequent confusions of a confusion matrix, largest first.
  ///
  /// `counts[t][p]` is the number of samples of true class `t` predicted as `p`, and `labels`
  /// names the classes in the same order (a class without a label is named by its index).
  /// Off-diagonal cells with a count above zero are sorted by count, largest first, then by the
  /// true class's position, then by the predicted class's, and the first `limit` are listed:
  ///
  ///     Largest confusions: 8 predicted as 1 (7 times), 3 predicted as 5 (4 times),
  ///     and 6 more.
  ///
  /// Without any confusion the sentence says that every sample was predicted correctly.
  public static func largestConfusions(counts: [[Int]], labels: [String], limit: Int) -> String {
    var confusions: [(truth: Int, predicted: Int, count: Int)] = []
    for (truth, row) in counts.enumerated() {
      for (predicted, count) in row.enumerated() where predicted != truth && count > 0 {
        confusions.append((truth, predicted, count))
      }
    }
    guard !confusions.isEmpty else {
      return "No confusions: every sample was predicted as its true class."
    }
    confusions.sort {
      ($0.count, -$0.truth, -$0.predicted) > ($1.count, -$1.truth, -$1.predicted)
    }
    func name(_ position: Int) -> String {
      position < labels.count ? labels[position] : String(position)
    }
    let shown = confusions.prefix(max(limit, 1)).map {
      "\(name($0.truth)) predicted as \(name($0.predicted)) (\(times($0.count)))"
    }
    let remaining = confusions.count - shown.count
    let tail = remaining > 0 ? ", and \(remaining) more" : ""
    return "Largest confusions: " + shown.joined(separator: ", ") + tail + "."
  }

  /// A confusion matrix in two sentences: how many samples were right, then the largest
  /// confusions as `largestConfusions` lists them.
  public static func confusionMatrix(counts: [[Int]], labels: [String], limit: Int) -> String {
    let total = counts.reduce(0) { $0 + $1.reduce(0, +) }
    let correct = counts.enumerated().reduce(0) { sum, entry in
      sum + (entry.offset < entry.element.count ? entry.element[entry.offset] : 0)
    }
    let classes = counts.count == 1 ? "1 class" : "\(counts.count) classes"
    return "Confusion matrix of \(total) samples over \(classes): \(correct) on the diagonal "
      + "(predicted correctly). " + largestConfusions(counts: counts, labels: labels, limit: limit)
  }

  /// The uncertain-samples grid, one clause per image in reading order.
  public static func uncertainSamples(_ samples: [UncertainSample]) -> String {
    guard !samples.isEmpty else { return "No uncertain predictions." }
    let images = samples.map { sample in
      let truth = sample.truth.map { ", true \($0)" } ?? ""
      return "sample \(sample.index) predicted \(sample.predicted)\(truth)"
    }
    let lead =
      samples.count == 1
      ? "The prediction the model was least sure of: "
      : "The \(samples.count) predictions the model was least sure of, most uncertain first: "
    return lead + images.joined(separator: "; ") + "."
  }

  private static func times(_ count: Int) -> String {
    count == 1 ? "1 time" : "\(count) times"
  }
}
