import Foundation
import Plotting
import XCTest

/// Renders the sample figures of the default run in every format, checks that each file
/// reads back, and keeps them in `$PLOTTING_SAMPLES` when that is set (to look at them).
final class SampleOutputTests: XCTestCase {
  /// The confusion matrix of scikit-learn's label-propagation digits example.
  static let exampleCounts: [[Int]] = [
    [27, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 37, 0, 0, 0, 0, 0, 0, 0, 0],
    [0, 1, 24, 0, 0, 0, 2, 1, 0, 0], [0, 0, 0, 28, 0, 5, 0, 1, 0, 1],
    [0, 0, 0, 0, 24, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 32, 0, 0, 0, 2],
    [0, 0, 0, 0, 0, 1, 24, 0, 0, 0], [0, 0, 0, 0, 1, 3, 0, 31, 0, 0],
    [0, 7, 0, 0, 0, 0, 1, 0, 21, 2], [0, 0, 0, 0, 1, 2, 0, 0, 0, 21],
  ]

  /// Ten 8 x 8 digits with their labels: from `data/digits.csv` of the package (or
  /// `$PLOTTING_DIGITS_CSV`) when present, else drawn strokes.
  static func digits() -> [(pixels: [Double], label: Int)] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let path =
      ProcessInfo.processInfo.environment["PLOTTING_DIGITS_CSV"]
      ?? root.appendingPathComponent("data/digits.csv").path
    if let text = try? String(contentsOfFile: path, encoding: .utf8) {
      let rows = text.split(separator: "\n").compactMap { line -> [Double]? in
        let values = line.split(separator: ",").compactMap { Double($0) }
        return values.count == 65 ? values : nil
      }
      // The first digit of each class from 1 on, then an 8 and a 2: like the seed figure.
      var chosen: [[Double]] = []
      for label in [1, 2, 8, 8, 1, 8, 3, 8, 2, 2] {
        if let row = rows.first(where: {
          Int($0[64]) == label && !chosen.contains($0)
        }) {
          chosen.append(row)
        }
      }
      if chosen.count == 10 {
        return chosen.map { (Array($0.prefix(64)), Int($0[64])) }
      }
    }
    return (0..<10).map { index in
      let pixels = (0..<64).map { pixel -> Double in
        let row = pixel / 8
        let column = pixel % 8
        let stroke = abs(column - 2 - (row * index) % 4) <= 1 || row == index % 8
        return stroke ? Double(16 - (pixel % 5)) : 0
      }
      return (pixels, index)
    }
  }

  func testSampleFiguresRenderInEveryFormat() throws {
    let folder =
      ProcessInfo.processInfo.environment["PLOTTING_SAMPLES"]
      ?? FileManager.default.temporaryDirectory.appendingPathComponent(
        "plotting-samples-\(UUID().uuidString)"
      ).path
    try FileManager.default.createDirectory(
      atPath: folder, withIntermediateDirectories: true)
    let metadata = FigureMetadata(
      title: "", software: "Plotting samples",
      description: "LabelSpreading(gamma=0.25, max_iter=20), 40 labelled of 340 samples")

    let digits = Self.digits()
    let predictions = [1, 2, 8, 1, 1, 1, 3, 8, 2, 7]
    let titles = zip(predictions, digits).map { "predict: \($0)\ntrue: \($1.label)" }
    let colors = zip(predictions, digits).map { $0 == $1.label ? RGB.black : RGB.tabRed }
    let figures: [(String, any Figure)] = [
      (
        "confusion_matrix",
        ConfusionMatrixFigure(
          counts: Self.exampleCounts, labels: (0..<10).map(String.init))
      ),
      (
        "confusion_matrix_normalized",
        ConfusionMatrixFigure(
          counts: Self.exampleCounts, labels: (0..<10).map(String.init), normalize: .trueLabel,
          title: "Normalised over the true labels")
      ),
      (
        "uncertain_digits",
        ImageGridFigure(
          images: digits.map(\.pixels), imageHeight: 8, imageWidth: 8, titles: titles)
      ),
      (
        "uncertain_digits_marked",
        ImageGridFigure(
          images: digits.map(\.pixels), imageHeight: 8, imageWidth: 8, titles: titles,
          titleColors: colors)
      ),
      ("residuals", Self.residualChart()),
      ("learning_curve", Self.learningCurve()),
    ]
    for (name, figure) in figures {
      for format in FigureFormat.allCases {
        let path = "\(folder)/\(name).\(format.fileExtension)"
        try figure.write(to: path, metadata: metadata)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        switch format {
        case .png:
          let image = try DecodedPNG.decode(bytes)
          XCTAssertEqual(Double(image.width), figure.size.width, name)
          XCTAssertEqual(image.text["Software"], "Plotting samples", name)
        case .svg:
          XCTAssertTrue(String(decoding: bytes, as: UTF8.self).contains("<svg"), name)
        case .pdf:
          XCTAssertEqual(Array(bytes.prefix(5)), Array("%PDF-".utf8), name)
        }
      }
      try figure.write(to: "\(folder)/\(name)@2x.png", scale: 2, metadata: metadata)
    }
    if ProcessInfo.processInfo.environment["PLOTTING_SAMPLES"] == nil {
      try FileManager.default.removeItem(atPath: folder)
    }
  }

  static func residualChart() -> LineChartFigure {
    let iterations = (1...20).map(Double.init)
    return LineChartFigure(
      series: [
        .init(label: "label spreading", x: iterations, y: iterations.map { 30 * pow(0.55, $0) }),
        .init(label: "label propagation", x: iterations, y: iterations.map { 12 * pow(0.7, $0) }),
      ],
      title: "Convergence", xLabel: "iteration", yLabel: "sum |F \u{2212} F_prev|", yScale: .log)
  }

  static func learningCurve() -> LineChartFigure {
    let sizes = [10.0, 20, 40, 80, 160, 320]
    let mean = sizes.map { 0.95 - 0.6 * exp(-$0 / 60) }
    let spread = sizes.map { 0.08 * exp(-$0 / 150) }
    return LineChartFigure(
      series: [
        .init(label: "training score", x: sizes, y: sizes.map { _ in 1 }, markers: true),
        .init(
          label: "cross-validation score", x: sizes, y: mean,
          band: .init(
            lower: zip(mean, spread).map { $0 - $1 }, upper: zip(mean, spread).map { $0 + $1 }),
          markers: true),
      ],
      title: "Learning curve", xLabel: "labelled samples", yLabel: "accuracy")
  }
}
