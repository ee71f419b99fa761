import DataSets
import Learning
import Plotting

/// The report's figures, drawn from plain values taken out of the experiment.
struct FigureSet {
  let result: ExperimentResult
  let imageShape: ImageShape?
  let figureFiles: FigureFiles
  let metadata: FigureMetadata

  private var classNames: [String] { result.data.classNames }

  /// The confusion matrix over the scored samples, or nil when nothing was scored.
  func confusionMatrix(altText: String) throws(PlotError) -> RenderedFigure? {
    guard let matrix = result.confusionMatrix else { return nil }
    let figure = ConfusionMatrixFigure(
      counts: matrix.counts, labels: matrix.labels.map { classNames[$0] })
    return try render(figure, stem: "confusion_matrix", altText: altText)
  }

  /// The most uncertain samples: their images, or their class probabilities for tabular
  /// data; nil when there are none (no unlabeled sample).
  func uncertainSamples() throws(PlotError) -> RenderedFigure? {
    guard !result.uncertain.isEmpty else { return nil }
    let described = result.uncertain.map { index -> String in
      let truth = result.data.targets[index]
      return "sample \(index) predicted \(classNames[result.transduction[index]])"
        + (truth == -1 ? "" : ", truly \(classNames[truth])")
    }
    if let shape = imageShape {
      let titles = result.uncertain.map { index -> String in
        let truth = result.data.targets[index]
        return "predict: \(classNames[result.transduction[index]])\n"
          + "true: \(truth == -1 ? "?" : classNames[truth])"
      }
      let figure = try ImageGridFigure.gallery(
        images: result.uncertain.map { Array(result.data.row($0)) },
        imageHeight: shape.height, imageWidth: shape.width, titles: titles)
      return try render(
        figure, stem: "uncertain_digits",
        altText: "The \(result.uncertain.count) most uncertain samples, most uncertain first: "
          + described.joined(separator: "; "))
    }
    let titles = result.uncertain.enumerated().map { rank, index -> String in
      let truth = result.data.targets[index]
      return "\(rank + 1). row \(DataReadingText.fileRow(result, index)): "
        + "predicted \(classNames[result.transduction[index]])"
        + (truth == -1 ? "" : ", true \(classNames[truth])")
    }
    let figure = try ProbabilityBarsFigure(
      probabilities: result.uncertain.map { Array(result.model.distribution($0)) },
      classNames: result.model.classes.map { classNames[$0] }, titles: titles,
      titleColors: result.uncertain.map { index in
        let truth = result.data.targets[index]
        return truth != -1 && truth != result.transduction[index] ? .tabRed : .black
      })
    return try render(
      figure, stem: "uncertain_samples",
      altText: "Class probabilities of the \(result.uncertain.count) most uncertain samples, "
        + "most uncertain first: " + described.joined(separator: "; "))
  }

  /// The change each iteration made, `sum |F - F_prev|`, on a log scale against the
  /// iteration's number (1 to `n_iter_`), when there are at least two.
  func residuals() throws(PlotError) -> RenderedFigure? {
    let changes = result.model.iterationChanges
    let points = changes.enumerated().filter { $0.element > 0 }
    guard points.count >= 2 else { return nil }
    let tolerance = result.experiment.model.tolerance
    let iterations = points.map { Double($0.offset + 1) }
    var series = [
      LineChartFigure.Series(
        label: "change of the label distributions", x: iterations, y: points.map(\.element),
        markers: changes.count <= 60)
    ]
    if tolerance > 0 {
      series.append(
        LineChartFigure.Series(
          label: "tolerance", x: [1, Double(changes.count)], y: [tolerance, tolerance],
          style: .dashed, color: .tabRed))
    }
    var figure = LineChartFigure(
      series: series, title: "Convergence", xLabel: "iteration",
      yLabel: "sum |F - F_prev|", yScale: .log,
      size: FigureSize(width: 640, height: 360))
    figure.xTicks = .integers
    let iterationCount = result.model.iterations
    let measured =
      changes.count == iterationCount
      ? "\(iterationCount) iterations"
      : "the first \(changes.count) of \(iterationCount) iterations (the last one's change is not measured)"
    return try render(
      figure, stem: "residuals",
      altText: "The change made by each of \(measured) falls from \(format(changes.first)) "
        + "at iteration 1 to \(format(changes.last)) at iteration \(changes.count)")
  }

  private func format(_ value: Double?) -> String {
    guard let value else { return "?" }
    return String(format: "%.3g", value)
  }

  private func render(
    _ figure: some Figure, stem: String, altText: String
  ) throws(PlotError) -> RenderedFigure {
    try figureFiles.render(figure, stem: stem, altText: altText, metadata: metadata)
  }
}
