import Foundation
import Reporting

/// Report documents built for the tests, with every user-visible string replaceable.
enum TestDocuments {
  /// The strings a user controls: class labels, file and data names, free text.
  struct Strings {
    var title = "Label Spreading on digits"
    var model = "Label Spreading"
    var kernel = "rbf"
    var dataset = "digits"
    var source = "digits.csv"
    var licence = "CC BY 4.0"
    var parameterKey = "gamma"
    var parameterValue = "0.25"
    var labels = ["zero", "one", "two", "three"]
    var warning = "ConvergenceWarning: max_iter reached"
    var caption = "True against predicted label"
    var figureFile = "confusion_matrix.png"
    var downloadFile = "metrics.json"
    var timingKey = "fit"
  }

  /// The repository's templates folder, found from this file's path.
  static let templatesDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("templates", isDirectory: true)

  /// Confusion counts for four classes: rows are true classes, columns predicted ones.
  static let counts = [
    [9, 1, 0, 0],
    [0, 7, 2, 1],
    [0, 3, 6, 0],
    [1, 0, 0, 9],
  ]

  static var correct: Int { counts.indices.reduce(0) { $0 + counts[$1][$1] } }
  static var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }

  /// A complete document; `withTruth: false` leaves out everything that needs ground truth.
  static func document(
    _ strings: Strings = Strings(), withTruth: Bool = true, dataURI: String? = nil
  ) -> ReportDocument {
    let labels = strings.labels
    var rows: [ReportRow] = []
    for (truth, row) in counts.enumerated() {
      let support = row.reduce(0, +)
      let predicted = counts.reduce(0) { $0 + $1[truth] }
      let precision = Double(row[truth]) / Double(predicted)
      let recall = Double(row[truth]) / Double(support)
      rows.append(
        ReportRow(
          label: labels[truth], precision: precision, recall: recall,
          f1Score: 2 * precision * recall / (precision + recall), support: support,
          kind: .perClass))
    }
    let accuracy = Double(correct) / Double(total)
    rows.append(
      ReportRow(
        label: "accuracy", precision: nil, recall: nil, f1Score: accuracy, support: total,
        kind: .summary))
    rows.append(
      ReportRow(
        label: "macro avg", precision: 0.7512, recall: 0.7498, f1Score: 0.745, support: total,
        kind: .summary))
    rows.append(
      ReportRow(
        label: "weighted avg", precision: 0.7601, recall: 0.7526, f1Score: 0.7532,
        support: total, kind: .summary))

    let samples = (0..<4).map { rank in
      UncertainSample(
        rank: rank + 1, index: 10 + rank, sourceIndex: 100 + rank,
        predicted: labels[rank], truth: withTruth ? labels[(rank + 1) % labels.count] : nil,
        entropy: 1.2 - Double(rank) * 0.1,
        topProbabilities: (0..<3).map {
          ClassProbability(
            label: labels[(rank + $0) % labels.count], probability: 0.5 - 0.15 * Double($0))
        })
    }
    let figureAlternates = [
      AlternateFormat(format: "SVG", href: "confusion_matrix.svg"),
      AlternateFormat(format: "PDF", href: "confusion_matrix.pdf"),
    ]
    var figures = [
      FigureReference(
        kind: .uncertainSamples, href: "uncertain_digits.png",
        alt: AltText.uncertainSamples(samples), width: 700, height: 500)
    ]
    if withTruth {
      figures.insert(
        FigureReference(
          kind: .confusionMatrix, href: strings.figureFile,
          alt: AltText.confusionMatrix(counts: counts, labels: labels, limit: 3),
          width: 640, height: 480, caption: strings.caption, dataURI: dataURI,
          alternates: figureAlternates),
        at: 0)
    }
    return ReportDocument(
      frame: PageFrame(
        title: strings.title,
        parameters: [
          KeyValue(key: "kernel", value: strings.kernel),
          KeyValue(key: strings.parameterKey, value: strings.parameterValue),
          KeyValue(key: "max_iter", value: "30"),
        ],
        provenance: Provenance(
          source: strings.source,
          sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
          licence: strings.licence, attribution: "Test data made for this test."),
        warnings: [strings.warning],
        downloads: [
          Download(
            href: strings.downloadFile, contents: "Every number of the report", bytes: 2048),
          Download(href: "predictions.csv", contents: "One row per sample", bytes: 999),
        ],
        toolName: "report",
        toolVersion: "0.1.0",
        timings: [KeyValue(key: strings.timingKey, value: "0.21 s")]),
      values: (
        summary: (
          model: strings.model, kernel: strings.kernel, dataset: strings.dataset, samples: 52,
          labeled: 12, unlabeled: total, classes: labels.count
        ),
        accuracy: withTruth ? accuracy : nil,
        iterations: 5,
        maxIterations: 30,
        converged: true,
        tolerance: 0.001,
        residuals: [52, 4.1, 0.33, 0.021, 0.0007],
        classificationReport: withTruth ? ReportTable(rows: rows) : nil,
        reportText: withTruth ? "              precision    recall  f1-score   support\n" : nil,
        classBalance: labels.enumerated().map { offset, label in
          (
            label: label, labeled: 3, predicted: counts.reduce(0) { $0 + $1[offset] },
            actual: withTruth ? counts[offset].reduce(0, +) : nil
          )
        },
        figures: figures,
        uncertainSamples: samples,
        findings: [],
        generatedAt: nil
      ))
  }

  /// The document rendered with the repository's templates.
  static func render(_ document: ReportDocument) throws -> String {
    try HTMLReportRenderer(templatesDirectory: templatesDirectory).render(document)
  }
}
