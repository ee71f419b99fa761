import DataSets
import Foundation
import Learning
import Plotting
import Reporting

/// Turns the rounds of active learning into the output folder's files: the figures,
/// `active_learning.json`, and the page last.
struct ActiveLearningArtifacts {
  let command: ActiveLearningCommand
  let data: DataSet
  /// The shuffled rows the rounds ran on; their indices refer to these.
  let selected: DataSet
  let count: Int
  let model: GraphModel
  let history: [ActiveLearningRound]
  let clock: Stopwatch

  /// Every file of the run, the page last (its footer shows the time spent drawing).
  func files(templates: TemplateSet) throws -> [OutputFile] {
    let figureFiles = FigureFiles(command.outputOptions)
    let metadata = FigureMetadata(
      title: "Active learning", software: "report \(ReportCommand.version)",
      description: "seed=\(command.seed) samples=\(count) labeled=\(command.initialLabeled) "
        + "rounds=\(command.rounds) per_round=\(command.perRound) "
        + "model=\(model.variant.rawValue) kernel=\(model.kernel)")
    let pending = makeFigures(history: history, data: data, selected: selected)
    var files: [OutputFile] = []
    var references: [FigureReference] = []
    do {
      try clock.measure("render") {
        for entry in pending {
          let drawn = try figureFiles.render(
            entry.figure, stem: entry.stem, altText: entry.alt, metadata: metadata)
          files += figureFiles.outputFiles(drawn)
          references.append(figureFiles.reference(drawn))
        }
      }
    } catch {
      throw Failure(exitCode: 74, message: "cannot draw the figures: \(error)")
    }
    let json = Array(historyJSON(history, data: selected).serialized().utf8)
    files.append(OutputFile(name: "active_learning.json", bytes: json))
    let document = makeDocument(
      history: history, data: data, selected: selected, count: count, model: model,
      references: references, jsonBytes: json.count, timings: clock.timings())
    files.append(try templates.page(document))
    return files
  }

  /// The chosen samples of every round and the accuracy per round, ready to draw.
  private func makeFigures(
    history: [ActiveLearningRound], data: DataSet, selected: DataSet
  ) -> [PendingFigure] {
    let names = data.classNames
    let chosenRounds = history.filter { !$0.chosen.isEmpty }
    var figures: [PendingFigure] = []
    if !chosenRounds.isEmpty {
      var images: [[Double]] = []
      var titles: [String] = []
      var colors: [RGB] = []
      for round in chosenRounds {
        let transduction = round.model.transduction
        for position in round.chosen.indices {
          let sample = round.chosen[position]
          let prediction = transduction[sample]
          let truth = selected.targets[sample]
          if data.imageShape == nil {
            images.append(Array(round.model.distribution(sample)))
          } else {
            images.append(Array(selected.row(sample)))
          }
          let note = position == 0 ? "fit \(round.round + 1), \(round.labeledCount) labels\n" : "\n"
          let truthName = truth == -1 ? "?" : names[truth]
          titles.append(note + "predict: \(names[prediction])\ntrue: \(truthName)")
          let wrong = truth != -1 && truth != prediction
          colors.append(wrong ? RGB.tabRed : RGB.black)
        }
      }
      let shape = data.imageShape ?? ImageShape(height: 1, width: history[0].model.classes.count)
      let columns = chosenRounds.map { $0.chosen.count }.max() ?? command.perRound
      figures.append(
        PendingFigure(
          stem: "active_learning",
          figure: ImageGridFigure(
            images: images, imageHeight: shape.height, imageWidth: shape.width, titles: titles,
            suptitle: "Samples chosen for labeling, one row per fit (red: predicted wrongly)",
            titleColors: colors, columns: columns,
            size: FigureSize(
              width: max(700, Double(columns) * 110),
              height: max(300, Double(chosenRounds.count) * 150 + 60))),
          alt: "The samples chosen each round, one row per fit; red titles mark wrong predictions"
        ))
    }
    if let progress = progressFigure(history) { figures.append(progress) }
    return figures
  }

  /// Accuracy and macro F1 against the number of labels, when any round was scored.
  private func progressFigure(_ history: [ActiveLearningRound]) -> PendingFigure? {
    var labels: [Double] = []
    var accuracies: [Double] = []
    var macroF1s: [Double] = []
    for round in history {
      guard let report = round.report else { continue }
      labels.append(Double(round.labeledCount))
      accuracies.append(report.accuracy)
      macroF1s.append(report.macroAverage.f1)
    }
    guard !labels.isEmpty else { return nil }
    let accuracyText = accuracies.map { String(format: "%.3f", $0) }.joined(separator: ", ")
    let labelText = labels.map { String(Int($0)) }.joined(separator: ", ")
    var chart = LineChartFigure(
      series: [
        LineChartFigure.Series(label: "accuracy", x: labels, y: accuracies, markers: true),
        LineChartFigure.Series(label: "macro F1", x: labels, y: macroF1s, markers: true),
      ],
      title: "Accuracy as labels are added", xLabel: "labeled samples",
      yLabel: "score on the unlabeled samples", legend: .lowerRight)
    chart.xTicks = .integers
    return PendingFigure(
      stem: "learning_progress", figure: chart,
      alt: "Accuracy \(accuracyText) with \(labelText) labels")
  }

  /// The page's description of the run: plain values, nothing to draw.
  private func makeDocument(
    history: [ActiveLearningRound], data: DataSet, selected: DataSet, count: Int,
    model: GraphModel, references: [FigureReference], jsonBytes: Int,
    timings: [(String, Double)]
  ) -> ActiveLearningDocument {
    let names = data.classNames
    return ActiveLearningDocument(
      frame: PageFrame(
        title: "Active learning on \(data.source)",
        parameters: [
          KeyValue(key: "model", value: model.variant.rawValue),
          KeyValue(key: "kernel", value: "\(model.kernel)"),
          KeyValue(key: "max_iter", value: "\(model.maxIterations)"),
          KeyValue(key: "seed", value: "\(command.seed)"),
          KeyValue(key: "samples", value: "\(count)"),
          KeyValue(key: "initial labels", value: "\(command.initialLabeled)"),
          KeyValue(key: "rounds", value: "\(command.rounds)"),
          KeyValue(key: "per round", value: "\(command.perRound)"),
        ],
        provenance: command.dataOptions.provenance(data, reading: selected),
        warnings: [],
        downloads: [
          Download(
            href: "active_learning.json", contents: "every round's numbers", bytes: jsonBytes)
        ],
        toolName: "report", toolVersion: ReportCommand.version,
        timings: Stopwatch.footer(timings)),
      summary:
        "Starting from \(command.initialLabeled) labeled of \(count) shuffled samples (seed \(command.seed)), "
        + "each of \(history.count) rounds fits \(model.variant.displayName) and asks for the "
        + "labels of the \(command.perRound) unlabeled samples it is least sure about.",
      figures: references,
      rounds: history.map { round in
        ActiveLearningRoundView(
          round: round.round + 1, labeled: round.labeledCount, accuracy: round.accuracy,
          macroF1: round.macroF1, report: round.report.map(reportTable),
          reportText: round.report?.text(),
          confusionLabels: round.model.classes.map { names[$0] },
          confusion: round.confusionMatrix?.counts,
          chosen: zip(round.chosen, round.chosenEntropies).map { sample, entropy in
            let truth = selected.targets[sample]
            return ChosenSampleView(
              index: sample,
              sourceIndex: round.chosenSourceIndices[round.chosen.firstIndex(of: sample) ?? 0],
              predicted: names[round.model.transduction[sample]],
              truth: truth == -1 ? nil : names[truth], entropy: entropy)
          })
      })
  }

  private func historyJSON(_ history: [ActiveLearningRound], data: DataSet) -> JSONValue {
    let names = data.classNames
    let integers = names.allSatisfy { Int($0) != nil }
    func label(_ code: Int) -> JSONValue {
      integers ? .int(Int(names[code]) ?? 0) : .string(names[code])
    }
    return .object([
      (
        "data",
        .object(
          [
            ("source", .string(data.source)), ("sha256", .string(data.sha256)),
            ("seed", .int(command.seed)),
            ("samples", .int(history.first?.trainingLabels.count ?? 0)),
          ] + DataReadingText(data: data).jsonMembers)
      ),
      (
        "rounds",
        .array(
          history.map { round in
            .object([
              ("round", .int(round.round)),
              ("labeled", .int(round.labeledCount)),
              ("accuracy", round.accuracy.map { .double($0) } ?? .null),
              ("macro_f1", round.macroF1.map { .double($0) } ?? .null),
              ("report_text", round.report.map { .string($0.text()) } ?? .null),
              (
                "report",
                round.report.map { report in
                  .object(
                    report.classes.map { ($0.name, scoresJSON($0)) } + [
                      ("accuracy", .double(report.accuracy)),
                      ("macro avg", scoresJSON(report.macroAverage)),
                      ("weighted avg", scoresJSON(report.weightedAverage)),
                    ])
                } ?? .null
              ),
              (
                "confusion_matrix",
                round.confusionMatrix.map { matrix in
                  .array(matrix.counts.map { .array($0.map { .int($0) }) })
                } ?? .null
              ),
              ("classes", .array(round.model.classes.map(label))),
              ("chosen", .array(round.chosen.map { .int($0) })),
              ("chosen_source_indices", .array(round.chosenSourceIndices.map { .int($0) })),
              ("chosen_entropy", .array(round.chosenEntropies.map { .double($0) })),
            ])
          })
      ),
      JSONValue.tool,
    ])
  }
}

/// A figure waiting to be drawn, with its file stem and alt text.
private struct PendingFigure {
  let stem: String
  let figure: any Figure
  let alt: String
}
