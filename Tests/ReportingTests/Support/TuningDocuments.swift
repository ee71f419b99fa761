import Reporting

/// Tuning documents built for the tests: a small grid of both models.
enum TuningDocuments {
  /// Two gammas of label spreading (alphas 0.2 and 0.9) and of propagation, in grid order.
  static func rows(unlabeled: Bool) -> [TuningPage.Row] {
    var rows: [TuningPage.Row] = []
    for (index, gamma) in ["0.0026", "0.026"].enumerated() {
      for alpha in [0.2, 0.9] {
        let mean = 0.5 + Double(index) / 4 + alpha / 10
        rows.append(
          (
            model: "spreading", kernel: "rbf, gamma \(gamma)", alpha: alpha, mean: mean,
            standardDeviation: 0.0612, macroF1: mean - 0.05,
            unlabeledAccuracy: unlabeled ? mean - 0.02 : nil
          ))
      }
    }
    for (index, gamma) in ["0.0026", "0.026"].enumerated() {
      let mean = 0.6 + Double(index) / 10
      rows.append(
        (
          model: "propagation", kernel: "rbf, gamma \(gamma)", alpha: nil, mean: mean,
          standardDeviation: 0.05, macroF1: mean - 0.1,
          unlabeledAccuracy: unlabeled ? mean - 0.03 : nil
        ))
    }
    return rows
  }

  /// The best cell is spreading at gamma 0.026, alpha 0.9 (mean 0.84).
  static let bestIndex = 3

  static func document(unlabeled: Bool = true, bestIndex: Int = bestIndex) -> TuningDocument {
    TuningDocument(
      frame: PageFrame(
        title: "Tuning",
        parameters: [KeyValue(key: "folds", value: "5")],
        provenance: Provenance(source: "digits", sha256: nil),
        warnings: [],
        downloads: [Download(href: "tuning.json", contents: "Every cell", bytes: 2048)],
        toolName: "report", toolVersion: "0.1.0",
        timings: [KeyValue(key: "fit", value: "0.5 s")]),
      values: (
        summary: "Each setting was scored on the hidden labels of 5 folds.",
        figure: FigureReference(
          kind: .other, href: "tuning.png", alt: "Mean accuracy by gamma and alpha.",
          width: 640, height: 480, caption: "Cross-validated accuracy"),
        rows: rows(unlabeled: unlabeled), bestIndex: bestIndex,
        bestCommand: "report --gamma 0.026 --alpha 0.9 --data 'my file.csv'", labeledCount: 40,
        foldCount: 5, scoredUnlabeledCount: unlabeled ? 300 : 0
      ))
  }
}
