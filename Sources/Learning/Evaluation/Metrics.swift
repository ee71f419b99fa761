import Foundation

/// Counts of true classes (rows) against predicted classes (columns).
public struct ConfusionMatrix: Sendable, Equatable {
  /// How each axis is divided when the matrix is shown as fractions.
  public enum Normalization: String, Sendable, CaseIterable {
    /// Each row sums to 1 (recall on the diagonal).
    case `true`
    /// Each column sums to 1 (precision on the diagonal).
    case pred
    /// The whole matrix sums to 1.
    case all
  }

  /// The class codes of the rows and columns, in order.
  public let labels: [Int]
  /// `counts[t][p]`: samples of class `labels[t]` predicted as `labels[p]`.
  public let counts: [[Int]]

  /// `confusion_matrix(truth, predicted, labels=labels)`; pairs with a label outside `labels` are ignored.
  public init(truth: [Int], predicted: [Int], labels: [Int]) {
    precondition(truth.count == predicted.count, "truth and predictions differ in length")
    let position = Dictionary(labels.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    var counts = [[Int]](repeating: [Int](repeating: 0, count: labels.count), count: labels.count)
    for (actual, guess) in zip(truth, predicted) {
      if let row = position[actual], let column = position[guess] { counts[row][column] += 1 }
    }
    self.labels = labels
    self.counts = counts
  }

  /// The matrix as fractions; a row, column or matrix of zeros gives zeros.
  public func normalized(_ normalization: Normalization) -> [[Double]] {
    let size = labels.count
    var result = counts.map { $0.map(Double.init) }
    switch normalization {
    case .true:
      for row in 0..<size {
        let total = Double(counts[row].reduce(0, +))
        for column in 0..<size {
          result[row][column] = total == 0 ? 0 : result[row][column] / total
        }
      }
    case .pred:
      for column in 0..<size {
        let total = Double(counts.reduce(0) { $0 + $1[column] })
        for row in 0..<size { result[row][column] = total == 0 ? 0 : result[row][column] / total }
      }
    case .all:
      let total = Double(counts.joined().reduce(0, +))
      result = result.map { $0.map { total == 0 ? 0 : $0 / total } }
    }
    return result
  }
}

/// Precision, recall, F1 and support of one class or one average.
public struct ClassScores: Sendable, Equatable {
  public var name: String
  public var precision: Double
  public var recall: Double
  public var f1: Double
  public var support: Int
}

/// `sklearn.metrics.classification_report` with `zero_division` 0 (the "warn" default).
///
/// Classes are the sorted union of the true and predicted labels. Precision is
/// `tp / predicted`, recall `tp / actual`, and F1 `2 tp / (actual + predicted)`,
/// each 0 when its denominator is. The `accuracy` line is the micro average.
public struct ClassificationReport: Sendable, Equatable {
  /// One entry per class, in label order.
  public let classes: [ClassScores]
  /// The label codes of `classes`.
  public let labels: [Int]
  public let accuracy: Double
  public let macroAverage: ClassScores
  public let weightedAverage: ClassScores
  /// Whether no scored sample was predicted correctly.
  ///
  /// scikit-learn 1.9.1's
  /// `precision_recall_fscore_support` then takes its "Pathological case"
  /// branch, the supports become floats, and the text prints them as `1.0`.
  public let hasNoTruePositive: Bool

  /// The report of `predicted` against `truth`; `classNames[code]` names each label.
  public init(truth: [Int], predicted: [Int], classNames: [String]) {
    precondition(truth.count == predicted.count, "truth and predictions differ in length")
    let labels = Array(Set(truth).union(predicted)).sorted()
    let matrix = ConfusionMatrix(truth: truth, predicted: predicted, labels: labels)
    var rows: [ClassScores] = []
    var truePositives = 0
    for (position, label) in labels.enumerated() {
      let hits = matrix.counts[position][position]
      let actual = matrix.counts[position].reduce(0, +)
      let guessed = matrix.counts.reduce(0) { $0 + $1[position] }
      truePositives += hits
      rows.append(
        ClassScores(
          name: label >= 0 && label < classNames.count ? classNames[label] : String(label),
          precision: Self.ratio(hits, guessed), recall: Self.ratio(hits, actual),
          f1: Self.ratio(2 * hits, actual + guessed), support: actual))
    }
    let total = truth.count
    let count = Double(max(rows.count, 1))
    let supports = Double(rows.reduce(0) { $0 + $1.support })
    func weighted(_ value: (ClassScores) -> Double) -> Double {
      supports == 0 ? 0 : rows.reduce(0) { $0 + value($1) * Double($1.support) } / supports
    }
    self.classes = rows
    self.labels = labels
    self.accuracy = Self.ratio(truePositives, total)
    self.hasNoTruePositive = truePositives == 0 && total > 0
    self.macroAverage = ClassScores(
      name: "macro avg", precision: rows.reduce(0) { $0 + $1.precision } / count,
      recall: rows.reduce(0) { $0 + $1.recall } / count,
      f1: rows.reduce(0) { $0 + $1.f1 } / count, support: total)
    self.weightedAverage = ClassScores(
      name: "weighted avg", precision: weighted(\.precision), recall: weighted(\.recall),
      f1: weighted(\.f1), support: total)
  }

  private static func ratio(_ numerator: Int, _ denominator: Int) -> Double {
    denominator == 0 ? 0 : Double(numerator) / Double(denominator)
  }

  /// The report as `classification_report` prints it, byte for byte.
  public func text(digits: Int = 2) -> String {
    let width = max(classes.map { $0.name.unicodeScalars.count }.max() ?? 0, 12, digits)
    func pad(_ text: String, _ width: Int) -> String {
      String(repeating: " ", count: max(0, width - text.unicodeScalars.count)) + text
    }
    func number(_ value: Double) -> String { pad(String(format: "%.\(digits)f", value), 9) }
    func support(_ count: Int) -> String { pad(hasNoTruePositive ? "\(count).0" : "\(count)", 9) }
    func line(_ scores: ClassScores) -> String {
      pad(scores.name, width) + " " + " " + number(scores.precision) + " "
        + number(scores.recall) + " " + number(scores.f1) + " " + support(scores.support)
        + "\n"
    }
    var text = pad("", width) + " "
    text += ["precision", "recall", "f1-score", "support"].map { " " + pad($0, 9) }.joined()
    text += "\n\n"
    for scores in classes { text += line(scores) }
    text += "\n"
    text +=
      pad("accuracy", width) + " " + " " + pad("", 9) + " " + pad("", 9) + " "
      + number(accuracy) + " " + support(macroAverage.support) + "\n"
    text += line(macroAverage)
    text += line(weightedAverage)
    return text
  }
}

/// Shannon entropy (natural log) of a distribution, normalised first as `scipy.stats.entropy` does.
///
/// `0 log 0` counts as 0. A row of zeros has no distribution; scipy returns
/// NaN for it, and this returns `nil` so that callers decide (the report treats
/// such a sample as maximally uncertain).
public func entropy<C: Collection>(_ distribution: C) -> Double? where C.Element == Double {
  let total = distribution.reduce(0, +)
  guard total > 0, total.isFinite else { return nil }
  var sum = 0.0
  for value in distribution where value > 0 {
    let probability = value / total
    sum -= probability * log(probability)
  }
  return sum
}

/// The `count` largest values' indices, ascending, as `np.argsort(values)[-count:]` with a stable sort.
public func indicesOfLargest(_ values: [Double], count: Int) -> [Int] {
  let order = values.indices.sorted {
    values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1)
  }
  return Array(order.suffix(count))
}
