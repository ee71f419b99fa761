import ArgumentParser
import DataSets
import Dispatch
import Foundation
import Learning

#if canImport(Glibc)
import Glibc
#endif

/// One `report` run: load, fit, measure, draw, write; the order of the report's sections.
struct ReportRun {
  let command: GenerateCommand
  private let clock = Stopwatch()

  init(command: GenerateCommand) {
    self.command = command
  }

  func execute() throws {
    // Reading and parsing the templates needs nothing from the data or the fit: a thread of its
    // own does it meanwhile (the project's own templates started before the arguments were
    // parsed, see `Prefetch`). Errors keep their order: those of the data and the options
    // below come first, as they did, and a broken template is reported in place of any later
    // failure (`checkedFirst`), before the output folder is written or the fit's warnings
    // printed.
    let templatesPath = command.outputOptions.templates
    let templatesTask =
      templatesPath == nil
      ? Prefetch.reportTemplates
      : BackgroundTask { try TemplateSet.load(path: templatesPath, page: .report) }

    // One line on a terminal, cleared before anything else is printed (errors included).
    let progress = ProgressDisplay.forTerminal()
    defer { progress?.finish() }
    // Load and check everything that can be checked before anything is written.
    let read = try clock.measure("load") { try command.dataOptions.load(progress: progress) }
    progress?.begin("preparing the samples")
    // Answers and new samples are checked against the data before any work (exit 65).
    let answers = try command.answerOptions.resolve(against: read)
    let data = answers.data
    var newSamples: NewSamples?
    if let path = command.predict {
      do {
        newSamples = try NewSamples.load(
          path: path, training: data, classColumn: command.dataOptions.targetColumn)
      } catch {
        throw Failure(exitCode: error.exitCode, message: error.description)
      }
    }
    let sampleCount = command.samples ?? (command.dataOptions.data == nil ? 340 : data.sampleCount)
    guard sampleCount <= data.sampleCount else {
      throw Failure.usage(
        "--samples is \(sampleCount), but \(data.source) has only \(data.sampleCount) rows")
    }
    let hasUnlabeledRows = data.targets.contains(-1)
    let labeled = command.labeled ?? (hasUnlabeledRows ? nil : min(40, sampleCount))
    if let labeled, labeled >= sampleCount, !hasUnlabeledRows {
      throw Failure.usage(
        command.labeled == nil
          ? "--labeled was not given, and its default (40, at most the number of samples) "
            + "keeps all \(sampleCount) samples labeled, so nothing is left to predict; "
            + "give --labeled with a number below \(sampleCount)"
          : "--labeled is \(labeled), but it must be less than the \(sampleCount) samples, or "
            + "nothing is left to predict and score")
    }
    let model: GraphModel
    do {
      model = try command.modelOptions.graphModel(sampleCount: sampleCount)
    } catch let error as ValidationError {
      throw Failure.usage(error.message)
    }
    if model.kernel.neighbors == 1 {
      printWarning(
        "--neighbors 1 connects each sample only to itself: no label can spread, so every "
          + "unlabeled sample gets an empty distribution")
    }
    let imageShape = try resolveImageShape(for: data)
    let folder = try templatesTask.checkedFirst {
      try OutputFolder(
        path: command.outputOptions.output,
        ownedStems: [
          "report", "confusion_matrix", "uncertain_digits", "uncertain_samples", "residuals",
          "metrics", "predictions", "new_predictions",
        ],
        inputs: command.dataOptions.inputFiles + command.answerOptions.inputFiles
          + (command.predict.map { [$0] } ?? []))
    }

    var experiment = Experiment(
      seed: UInt32(command.seed), samples: sampleCount, labeled: labeled,
      standardize: command.dataOptions.standardize, model: model,
      uncertainCount: command.uncertain ?? 10)
    experiment.uncertainLimit =
      command.uncertain == nil ? .unlabeledCuttingMore : .unlabeledRefusingMore
    experiment.answers = answers.codes
    progress?.graphPhase =
      model.kernel.neighbors == nil ? "computing the RBF kernel" : "finding the neighbours"
    progress?.maxIterations = model.maxIterations
    let result: ExperimentResult = try templatesTask.checkedFirst {
      do {
        return try clock.measure("fit") {
          try experiment.run(on: data, progress: progress?.report)
        }
      } catch let error as LearningError {
        progress?.finish()
        if error == .noLabeledSamples, let given = command.labeled {
          throw Failure.usage(
            "--labeled is \(given), but at least one sample must keep its label for the model "
              + "to have something to propagate")
        }
        throw Failure(exitCode: error.exitCode, message: optionMessage(error))
      }
    }
    var newPredictions: NewPredictionsOutput?
    if var newSamples {
      if newSamples.missingCells > 0, let strategy = data.reading?.missing?.strategy {
        // As a SimpleImputer fitted on the rows the model saw, before the scaler.
        let fill = data.subset(result.sourceIndices).imputationStatistics(strategy).fill
        newSamples = newSamples.filling(with: fill)
      }
      progress?.begin("labelling the new samples")
      do {
        let predicted = try clock.measure("predict") {
          try result.model.predictNewSamples(newSamples.features, scaler: result.scaler)
        }
        newPredictions = NewPredictionsOutput(
          samples: newSamples, predictions: predicted, classNames: data.classNames)
      } catch let error as LearningError {
        throw Failure(exitCode: error.exitCode, message: optionMessage(error))
      }
    }

    let artifacts = ReportArtifacts(
      command: command, result: result, imageShape: imageShape,
      figureFiles: FigureFiles(command.outputOptions), clock: clock,
      answers: answers, newPredictions: newPredictions)
    progress?.begin("What this means, figures and predictions.csv")
    let drawn = try templatesTask.checkedFirst { try artifacts.draw() }
    let templates = try templatesTask.value()
    progress?.finish()
    if !command.outputOptions.quiet {
      for note in DataReadingText(data: result.data).notes { printNote(note) }
      for warning in result.warnings { printWarning(warning) }
    }
    progress?.begin("writing the files")
    try artifacts.build(drawn, templates: templates) { files in
      for file in files { try folder.write(file.name, file.bytes) }
    }
    try folder.commit()
    progress?.finish()
    if !command.outputOptions.quiet {
      if let line = answers.summary(used: result.answeredSamples.count) {
        print("Answers: \(line)")
      }
      printSummary(result)
      if let newPredictions {
        print(
          "\(newPredictions.summary); written to "
            + command.outputOptions.path(of: "new_predictions.csv"))
      }
    }
  }

  private func resolveImageShape(for data: DataSet) throws -> ImageShape? {
    guard let requested = command.imageShape?.shape else { return data.imageShape }
    guard requested.height * requested.width == data.featureCount else {
      throw Failure.usage(
        "--image-shape \(requested) needs \(requested.height * requested.width) features per row, "
          + "but \(data.source) has \(data.featureCount)")
    }
    return requested
  }

  /// What the example prints, then where the report went.
  private func printSummary(_ result: ExperimentResult) {
    let total = result.data.sampleCount
    print(
      "\(result.experiment.model.variant.displayName) model: \(result.labeledCount) labeled & "
        + "\(total - result.labeledCount) unlabeled points (\(total) total)")
    if let report = result.report {
      print(report.text(), terminator: "")
    } else {
      print("No unlabeled sample has a known label, so accuracy cannot be measured.")
    }
    print("Report written to \(command.outputOptions.path(of: "report.html"))")
  }
}
