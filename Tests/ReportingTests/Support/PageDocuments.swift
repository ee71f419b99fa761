import Foundation
import Reporting

/// Learning-curve and active-learning documents built for the tests.
enum PageDocuments {
  static let models = ["Label Spreading", "Label Propagation"]
  static let labeledCounts = [10, 20, 40]
  static let labels = ["zero", "one", "two", "three"]

  /// Confusion counts of round `round`: rows are true classes, columns predicted ones.
  static func counts(round: Int) -> [[Int]] {
    [
      [9 + round, 1, 0, 0],
      [0, 7 + round, 2, 1],
      [0, 3, 6 + round, 0],
      [1, 0, 0, 9 + round],
    ]
  }

  /// Text with leading spaces and blank lines, as scikit-learn writes it.
  static let reportText = """
                  precision    recall  f1-score   support

            zero       0.90      0.90      0.90        10
    <b>&amp;</b>       0.64      0.70      0.67        10

        accuracy                           0.78        40

    """

  static func curve(models: [String] = models) -> CurveDocument {
    var rows: [CurvePage.Row] = []
    for labeled in labeledCounts {
      for (offset, model) in models.enumerated() {
        let mean = 0.5 + Double(labeled) / 100 - Double(offset) / 50
        rows.append(
          (
            model: model, labeled: labeled, runs: 5, mean: mean, standardDeviation: 0.0125,
            minimum: mean - 0.03, maximum: mean + 0.02, meanMacroF1: mean - 0.01
          ))
      }
    }
    return CurveDocument(
      frame: PageFrame(
        title: "Learning curve",
        parameters: [KeyValue(key: "gamma", value: "0.25")],
        provenance: Provenance(source: "digits", sha256: nil),
        warnings: ["A run did not converge."],
        downloads: [Download(href: "learning_curve.json", contents: "Every run", bytes: 4096)],
        toolName: "report", toolVersion: "0.1.0",
        timings: [KeyValue(key: "fit", value: "1.0 s")]),
      values: (
        summary: "Each model was fitted 5 times at each number of labels.",
        figure: FigureReference(
          kind: .other, href: "learning_curve.png", alt: "Accuracy rises with the labels.",
          width: 640, height: 400, caption: "Mean accuracy"),
        rows: rows
      ))
  }

  /// Three rounds; `withTruth: false` leaves out everything that needs ground truth.
  static func activeLearning(
    labels: [String] = labels, withTruth: Bool = true
  ) -> ActiveLearningDocument {
    let rounds = (1...3).map { self.round($0, labels: labels, withTruth: withTruth) }
    return ActiveLearningDocument(
      frame: PageFrame(
        title: "Active learning",
        parameters: [KeyValue(key: "per round", value: "2")],
        provenance: Provenance(source: "digits", sha256: nil),
        warnings: [],
        downloads: [Download(href: "active_learning.json", contents: "Every round", bytes: 2048)],
        toolName: "report", toolVersion: "0.1.0",
        timings: [KeyValue(key: "fit", value: "0.5 s")]),
      values: (
        summary: "Two samples were labeled after each round.",
        figures: [
          FigureReference(
            kind: .other, href: "chosen_samples.png", alt: "The chosen digits.", width: 600,
            height: 300, caption: "Samples chosen per round"),
          FigureReference(
            kind: .other, href: "learning_progress.png", alt: "Accuracy after each round.",
            width: 600, height: 300, caption: "Learning progress"),
        ],
        rounds: rounds, comparison: nil, waiting: nil
      ))
  }

  private static func round(
    _ round: Int, labels: [String], withTruth: Bool
  ) -> ActiveLearningPage.Round {
    let counts = counts(round: round)
    let total = counts.reduce(0) { $0 + $1.reduce(0, +) }
    let correct = counts.indices.reduce(0) { $0 + counts[$1][$1] }
    let accuracy = Double(correct) / Double(total)
    var rows: [ReportRow] = []
    for (offset, label) in labels.enumerated() {
      rows.append(
        ReportRow(
          label: label, precision: 0.8, recall: 0.75, f1Score: 0.774,
          support: counts[offset].reduce(0, +), kind: .perClass))
    }
    rows.append(
      ReportRow(
        label: "accuracy", precision: nil, recall: nil, f1Score: accuracy, support: total,
        kind: .summary))
    var chosen: [UncertainSample] = []
    for offset in 0..<2 {
      let entropy: Double = 1.23456 - Double(offset) / 10
      chosen.append(
        UncertainSample(
          rank: offset + 1, index: 10 * round + offset, sourceIndex: 100 * round + offset,
          predicted: labels[offset], truth: withTruth ? labels[offset + 1] : nil,
          entropy: entropy, topProbabilities: []))
    }
    guard withTruth else {
      return (
        round: round, labeled: 10 + 2 * round, accuracy: nil, macroF1: nil, report: nil,
        reportText: nil, confusionLabels: labels, confusion: nil, chosen: chosen
      )
    }
    return (
      round: round, labeled: 10 + 2 * round, accuracy: accuracy, macroF1: 0.7654,
      report: ReportTable(rows: rows), reportText: reportText, confusionLabels: labels,
      confusion: counts, chosen: chosen
    )
  }

  static func renderer() throws -> HTMLReportRenderer {
    try HTMLReportRenderer(templatesDirectory: TestDocuments.templatesDirectory)
  }
}

extension String {
  /// The text between the first `start` and the next `end` after it; empty if either is missing.
  func between(_ start: String, _ end: String) -> String {
    guard let open = range(of: start), let close = self[open.upperBound...].range(of: end) else {
      return ""
    }
    return String(self[open.upperBound..<close.lowerBound])
  }

  /// The parts of the string that follow each occurrence of `separator`.
  func pieces(after separator: String) -> [String] {
    Array(components(separatedBy: separator).dropFirst())
  }
}
