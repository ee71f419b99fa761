import DataSets
import Foundation
import Learning
import Plotting
import Reporting

/// The templates the page is rendered with, checked before any work is done.
struct TemplateSet {
  let renderer: HTMLReportRenderer

  /// The user's folder, or the project's `templates/` found beside the program or its sources;
  /// only the templates of `page` (and the partials they include) are read and checked.
  static func load(path: String?, page: HTMLReportRenderer.Page) throws -> TemplateSet {
    let folder: URL
    if let path {
      folder = URL(fileURLWithPath: path)
    } else if let found = HTMLReportRenderer.defaultTemplatesDirectory() {
      folder = found
    } else {
      throw Failure(
        exitCode: 66,
        message: "cannot find the templates folder (templates/report.mustache); "
          + "pass --templates DIR")
    }
    do {
      return TemplateSet(
        renderer: try HTMLReportRenderer(templatesDirectory: folder, pages: [page]))
    } catch {
      throw Failure(exitCode: 66, message: error.description)
    }
  }
}

/// What `ReportArtifacts.draw` makes: the slow part of the files, before the page.
struct DrawnArtifacts {
  /// The pieces made at the same time, the longest first so that no core is left with a
  /// long one at the end; the figures in the order of their files.
  enum Job: CaseIterable {
    case predictions, confusionMatrix, uncertainSamples, residuals
  }

  enum Part {
    /// A figure, or nil when there is nothing to show in it.
    case figure(RenderedFigure?)
    /// `predictions.csv`.
    case predictions([UInt8])
  }

  let report: ClassificationReport?
  let figures: [RenderedFigure]
  let predictions: [UInt8]
  /// The format the page shows.
  let shown: FigureFormat
  let machine: MachineReadable
}

/// A file of the output folder, ready to be written.
struct OutputFile {
  let name: String
  let bytes: [UInt8]
}

/// Turns an experiment into the output folder's files: figures, data, and the page last.
struct ReportArtifacts {
  let command: GenerateCommand
  let result: ExperimentResult
  let imageShape: ImageShape?
  let formats: [FormatChoice]
  let scale: Double
  let clock: Stopwatch
  /// The person's answers this run used (none without --answers).
  let answers: ResolvedAnswers
  /// The labels of --predict's samples, when asked for.
  let newPredictions: NewPredictionsOutput?

  private var classNames: [String] { result.data.classNames }

  /// Draws the figures and makes the predictions table, each on the first free core.
  func draw() throws -> DrawnArtifacts {
    let (report, confusionText) = clock.measure("metrics") {
      (result.report, result.confusionMatrix.map { largestConfusions($0) })
    }
    // The page shows PNG when it was asked for, else SVG; PDF alone still gets a PNG to show.
    var figureFormats = formats.map { FigureFormat(rawValue: $0.rawValue) ?? .png }
    if !figureFormats.contains(.png) && !figureFormats.contains(.svg) {
      figureFormats.insert(.png, at: 0)
    }
    let figureSet = FigureSet(
      result: result, imageShape: imageShape, formats: figureFormats, scale: scale,
      metadata: FigureMetadata(
        title: "", software: "report \(ReportCommand.version)", description: runDescription))
    var machineReadable = MachineReadable(result: result, toolVersion: ReportCommand.version)
    machineReadable.extraMembers = [
      ("answers", answers.json(used: result.answeredSamples.count)),
      ("new_predictions", newPredictions?.json ?? .null),
    ]
    let machine = machineReadable
    // Cairo numbers the surfaces of a process in the order they are made, and an SVG file
    // carries those numbers: SVG figures are drawn one after the other, so that a run writes
    // the same files every time.
    let concurrently = !figureFormats.contains(.svg)
    let outputs: [DrawnArtifacts.Part]
    do {
      outputs = try clock.measure("render") {
        try concurrentMap(DrawnArtifacts.Job.allCases, concurrently: concurrently) {
          job -> DrawnArtifacts.Part in
          switch job {
          case .confusionMatrix:
            .figure(try figureSet.confusionMatrix(altText: confusionText ?? ""))
          case .uncertainSamples: .figure(try figureSet.uncertainSamples())
          case .residuals: .figure(try figureSet.residuals())
          case .predictions: .predictions(Array(machine.predictionsCSV().utf8))
          }
        }
      }
    } catch let error as PlotError {
      throw Failure(exitCode: 74, message: "cannot draw the figures: \(error)")
    }
    var figures: [RenderedFigure] = []
    var predictions: [UInt8] = []
    for output in outputs {
      switch output {
      case .figure(let figure): if let figure { figures.append(figure) }
      case .predictions(let bytes): predictions = bytes
      }
    }
    return DrawnArtifacts(
      report: report, figures: figures, predictions: predictions,
      shown: figureFormats.contains(.png) ? .png : .svg, machine: machine)
  }

  /// Builds every file from `drawn`; `write` receives the figures and predictions first, so
  /// that the time spent writing them is in `metrics.json`, then `metrics.json` and the page.
  func build(
    _ drawn: DrawnArtifacts, templates: TemplateSet, write: ([OutputFile]) throws -> Void
  ) throws {
    var files: [OutputFile] = []
    let report = drawn.report
    let figures = drawn.figures
    let shown = drawn.shown
    var references: [FigureReference] = []
    for figure in figures {
      for file in figure.files {
        files.append(
          OutputFile(name: "\(figure.stem).\(file.format.fileExtension)", bytes: file.bytes))
      }
      let shownBytes = figure.files.first { $0.format == shown }?.bytes ?? []
      references.append(
        FigureReference(
          kind: kind(of: figure.stem), href: "\(figure.stem).\(shown.fileExtension)",
          alt: figure.altText, width: Int(figure.width), height: Int(figure.height),
          dataURI: command.outputOptions.embed
            ? "data:\(shown.mimeType);base64,\(Data(shownBytes).base64EncodedString())" : nil,
          alternates: figure.files.filter { $0.format != shown }.map {
            AlternateFormat(
              format: $0.format.rawValue.uppercased(),
              href: "\(figure.stem).\($0.format.fileExtension)")
          }))
    }

    let machine = drawn.machine
    let predictions = drawn.predictions
    files.append(OutputFile(name: "predictions.csv", bytes: predictions))
    let newPredictionBytes = newPredictions.map { Array($0.csv().utf8) }
    if let newPredictionBytes {
      files.append(OutputFile(name: "new_predictions.csv", bytes: newPredictionBytes))
    }
    try clock.measure("write") { try write(files) }
    // metrics.json carries the timings, so it is made after everything else is measured.
    files = []
    var timings = clock.phases
    timings.append(("total", clock.totalMilliseconds))
    let metrics = Array(
      machine.metrics(timings: timings, warnings: result.warnings).serialized().utf8)
    files.append(OutputFile(name: "metrics.json", bytes: metrics))

    let document = ReportDocument(
      frame: PageFrame(
        title: "\(result.experiment.model.variant.displayName) on \(result.data.source)",
        parameters: parameters,
        provenance: Provenance(
          source: result.data.source, sha256: result.data.sha256,
          licence: command.dataOptions.data == nil ? "CC BY 4.0" : nil,
          attribution: command.dataOptions.data == nil ? DataSet.digitsAttribution : nil,
          reading: DataReadingText(data: result.data).pageFacts),
        warnings: result.warnings,
        downloads: [
          Download(
            href: "metrics.json", contents: "every number of this report", bytes: metrics.count),
          Download(
            href: "predictions.csv", contents: "one row per sample with its class probabilities",
            bytes: predictions.count),
        ]
          + (newPredictionBytes.map { bytes in
            [
              Download(
                href: "new_predictions.csv",
                contents: "the new samples of \(newPredictions?.samples.source ?? "--predict") "
                  + "with their predicted class and probabilities", bytes: bytes.count)
            ]
          } ?? []),
        toolName: "report", toolVersion: ReportCommand.version,
        timings: timings.map { KeyValue(key: $0.0, value: String(format: "%.1f ms", $0.1)) }),
      summary: ReportSummary(
        model: result.experiment.model.variant.displayName,
        kernel: result.experiment.model.kernel.name.uppercased(), dataset: result.data.source,
        samples: result.data.sampleCount, labeled: result.labeledCount,
        unlabeled: result.data.sampleCount - result.labeledCount,
        classes: result.model.classes.count),
      accuracy: report?.accuracy,
      iterations: result.model.iterations, maxIterations: result.experiment.model.maxIterations,
      converged: result.model.converged, tolerance: result.experiment.model.tolerance,
      residuals: result.model.residuals,
      classificationReport: report.map(reportTable),
      reportText: report?.text(),
      classBalance: classBalance,
      figures: references,
      uncertainSamples: uncertainRows)
    let html: String
    do {
      html = try templates.renderer.render(document)
    } catch {
      throw Failure(exitCode: 65, message: error.description)
    }
    files.append(OutputFile(name: "report.html", bytes: Array(html.utf8)))
    try write(files)
  }

  private func kind(of stem: String) -> FigureReference.Kind {
    switch stem {
    case "confusion_matrix": .confusionMatrix
    case "uncertain_digits", "uncertain_samples": .uncertainSamples
    case "residuals": .residuals
    default: .other
    }
  }

  /// The run's parameters in one line, stored in every figure's metadata.
  private var runDescription: String {
    parameters.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
  }

  private var parameters: [KeyValue] {
    let model = result.experiment.model
    var values = [
      KeyValue(key: "model", value: model.variant.rawValue),
      KeyValue(key: "kernel", value: model.kernel.name),
    ]
    if let neighbors = model.kernel.neighbors {
      values.append(KeyValue(key: "neighbors", value: "\(neighbors)"))
    }
    if let gamma = model.kernel.gamma {
      values.append(KeyValue(key: "gamma", value: "\(gamma)"))
    }
    if model.variant == .spreading {
      values.append(KeyValue(key: "alpha", value: "\(model.alpha)"))
    }
    values += [
      KeyValue(key: "max_iter", value: "\(model.maxIterations)"),
      KeyValue(key: "tol", value: "\(model.tolerance)"),
      KeyValue(key: "seed", value: "\(result.experiment.seed)"),
      KeyValue(key: "samples", value: "\(result.data.sampleCount)"),
      KeyValue(key: "labeled", value: "\(result.labeledCount)"),
      KeyValue(key: "unlabeled", value: "\(result.data.sampleCount - result.labeledCount)"),
      KeyValue(key: "standardized", value: result.experiment.standardize ? "yes" : "no"),
    ]
    if let line = answers.summary(used: result.answeredSamples.count) {
      values.append(KeyValue(key: "answers", value: line))
    }
    if let newPredictions {
      values.append(KeyValue(key: "new samples", value: newPredictions.summary))
    }
    return values
  }

  private var classBalance: [ClassCount] {
    let hasTruth = !result.evaluatedIndices.isEmpty
    return result.model.classes.map { code in
      ClassCount(
        label: classNames[code],
        labeled: result.trainingLabels.filter { $0 == code }.count,
        predicted: result.transduction.filter { $0 == code }.count,
        actual: hasTruth ? result.data.targets.filter { $0 == code }.count : nil)
    }
  }

  private var uncertainRows: [UncertainSample] {
    result.uncertain.enumerated().map { rank, index in
      let distribution = Array(result.model.distribution(index))
      let top = distribution.indices.sorted {
        distribution[$0] > distribution[$1] || (distribution[$0] == distribution[$1] && $0 < $1)
      }.prefix(3)
      let truth = result.data.targets[index]
      return UncertainSample(
        rank: rank + 1, index: index, sourceIndex: DataReadingText.fileRow(result, index),
        predicted: classNames[result.transduction[index]],
        truth: truth == -1 ? nil : classNames[truth], entropy: result.entropies[index],
        topProbabilities: top.map {
          ClassProbability(
            label: classNames[result.model.classes[$0]], probability: distribution[$0])
        }, noLabelReached: result.model.hasEmptyDistribution(index))
    }
  }

  /// Alt text naming the largest off-diagonal cells of the confusion matrix.
  private func largestConfusions(_ matrix: ConfusionMatrix) -> String {
    AltText.largestConfusions(
      counts: matrix.counts, labels: matrix.labels.map { classNames[$0] }, limit: 3)
  }
}

/// The classification report as the page's table: classes, then accuracy and the averages.
func reportTable(_ report: ClassificationReport) -> ReportTable {
  var rows = report.classes.map {
    ReportRow(
      label: $0.name, precision: $0.precision, recall: $0.recall, f1Score: $0.f1,
      support: $0.support, kind: .perClass)
  }
  rows.append(
    ReportRow(
      label: "accuracy", precision: nil, recall: nil, f1Score: report.accuracy,
      support: report.macroAverage.support, kind: .summary))
  for average in [report.macroAverage, report.weightedAverage] {
    rows.append(
      ReportRow(
        label: average.name, precision: average.precision, recall: average.recall,
        f1Score: average.f1, support: average.support, kind: .summary))
  }
  return ReportTable(rows: rows)
}
