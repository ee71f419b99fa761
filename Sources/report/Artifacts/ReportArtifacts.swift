import DataSets
import Foundation
import Learning
import Plotting
import Reporting

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
  let machine: MachineReadable
  /// "What this means", from the run's diagnostics.
  let findings: [Finding]
}

/// Turns an experiment into the output folder's files: figures, data, and the page last.
struct ReportArtifacts {
  let command: GenerateCommand
  let result: ExperimentResult
  let imageShape: ImageShape?
  let figureFiles: FigureFiles
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
    let figureSet = FigureSet(
      result: result, imageShape: imageShape, figureFiles: figureFiles,
      metadata: FigureMetadata(
        title: "", software: "report \(ReportCommand.version)", description: runDescription))
    // The diagnostics read only what the fit made; they cannot fail on data it accepted.
    let diagnostics = clock.measure("diagnostics") { try? result.diagnostics() }
    let findings =
      diagnostics.map { ReportFindings(result: result, diagnostics: $0).findings } ?? []
    var machineReadable = MachineReadable(result: result, toolVersion: ReportCommand.version)
    machineReadable.extraMembers = [
      ("answers", answers.json(used: result.answeredSamples.count)),
      ("new_predictions", newPredictions?.json ?? .null),
      ("command", .string(RunCommandLine.current.typed)),
      (
        "interpretation",
        diagnostics.map {
          ReportFindings.json($0, findings: findings, classNames: result.data.classNames)
        } ?? .null
      ),
    ]
    let machine = machineReadable
    // Cairo numbers the surfaces of a process in the order they are made, and an SVG file
    // carries those numbers: SVG figures are drawn one after the other, so that a run writes
    // the same files every time.
    let concurrently = !figureFiles.formats.contains(.svg)
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
          case .predictions: .predictions(clock.measure("predictions") { machine.predictionsCSV() })
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
      report: report, figures: figures, predictions: predictions, machine: machine,
      findings: findings)
  }

  /// Builds every file from `drawn`; `write` receives the figures and predictions first, so
  /// that the time spent writing them is in `metrics.json`, then `metrics.json` and the page.
  func build(
    _ drawn: DrawnArtifacts, templates: TemplateSet, write: ([OutputFile]) throws -> Void
  ) throws {
    var files: [OutputFile] = []
    let report = drawn.report
    let figures = drawn.figures
    var references: [FigureReference] = []
    for figure in figures {
      files += figureFiles.outputFiles(figure)
      references.append(figureFiles.reference(figure, kind: kind(of: figure.stem)))
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
    let timings = clock.timings()
    let metrics = Array(
      machine.metrics(timings: timings, warnings: result.warnings).serialized().utf8)
    files.append(OutputFile(name: "metrics.json", bytes: metrics))

    let document = ReportDocument(
      frame: PageFrame(
        title: "\(result.experiment.model.variant.displayName) on \(result.data.fileName)",
        parameters: parameters,
        provenance: command.dataOptions.provenance(result.data),
        warnings: result.warnings,
        downloads: [
          Download.file(
            "metrics.json", contents: "every number of this report", bytes: metrics,
            embed: command.outputOptions.embed),
          Download.file(
            "predictions.csv", contents: "one row per sample with its class probabilities",
            bytes: predictions, embed: command.outputOptions.embed),
        ]
          + (newPredictionBytes.map { bytes in
            [
              Download.file(
                "new_predictions.csv",
                contents:
                  "the new samples of \(newPredictions.map { DataSet.fileName(of: $0.samples.source) } ?? "--predict") "
                  + "with their predicted class and probabilities", bytes: bytes,
                embed: command.outputOptions.embed)
            ]
          } ?? []),
        timings: Stopwatch.footer(timings), json: "metrics.json"),
      values: (
        summary: summary,
        accuracy: report?.accuracy,
        iterations: result.model.iterations,
        maxIterations: result.experiment.model.maxIterations,
        converged: result.model.converged, tolerance: result.experiment.model.tolerance,
        residuals: result.model.iterationChanges,
        classificationReport: report.map(reportTable),
        reportText: report?.text(),
        classBalance: classBalance,
        figures: references,
        uncertainSamples: uncertainRows,
        findings: drawn.findings,
        generatedAt: nil
      ))
    files.append(try templates.page(document))
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

  /// The parts of the page's opening sentence.
  private var summary: ReportPage.Summary {
    (
      model: result.experiment.model.variant.displayName,
      kernel: result.experiment.model.kernel.name.uppercased(), dataset: result.data.fileName,
      samples: result.data.sampleCount, labeled: result.labeledCount,
      unlabeled: result.data.sampleCount - result.labeledCount,
      classes: result.model.classes.count
    )
  }

  private var classBalance: [ReportPage.ClassCount] {
    let hasTruth = !result.evaluatedIndices.isEmpty
    return result.model.classes.map { code in
      (
        label: classNames[code],
        labeled: result.trainingLabels.filter { $0 == code }.count,
        predicted: result.transduction.filter { $0 == code }.count,
        actual: hasTruth ? result.data.targets.filter { $0 == code }.count : nil
      )
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
