import ArgumentParser
import DataSets
import Foundation
import Learning
import Plotting
import Reporting

/// `report active-learning`: ask for the labels the model is least sure about, round after round.
struct ActiveLearningCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "active-learning",
    abstract:
      "Which samples should be labeled next? Reproduces scikit-learn's active-learning example.",
    discussion: """
      Starts with a few labels, fits, and each round reveals the true labels of the \
      unlabeled samples whose predicted distribution has the highest entropy, then fits \
      again. Writes active_learning.html, active_learning.png (the samples chosen each \
      round, wrong predictions in red), learning_progress.png and active_learning.json.
      """)

  @OptionGroup(title: "Data")
  var dataOptions: DataOptions

  @Option(help: "Shuffled samples to use (default 330 for digits, every row of a CSV).")
  var samples: Int?

  @Option(help: "Labels at the start.")
  var labeled: Int = 40

  @Option(help: "Rounds of fitting and asking.")
  var rounds: Int = 5

  @Option(help: "Samples to label after each round.")
  var perRound: Int = 5

  @Option(help: "Seed of NumPy's RandomState used to shuffle the rows.")
  var seed: Int = 0

  @OptionGroup(title: "Model")
  var modelOptions: ModelOptions

  @OptionGroup(title: "Output")
  var outputOptions: OutputOptions

  mutating func validate() throws {
    try modelOptions.validateRanges()
    try outputOptions.validateRanges()
    guard (0...Int(UInt32.max)).contains(seed) else {
      throw ValidationError("--seed must be between 0 and 4294967295 (got \(seed))")
    }
    guard labeled >= 1 else {
      throw ValidationError("--labeled must be at least 1 (got \(labeled))")
    }
    guard (1...100).contains(rounds) else {
      throw ValidationError("--rounds must be between 1 and 100 (got \(rounds))")
    }
    guard perRound >= 1 else {
      throw ValidationError("--per-round must be at least 1 (got \(perRound))")
    }
    if let samples, samples <= labeled {
      throw ValidationError("--samples (\(samples)) must be more than --labeled (\(labeled))")
    }
  }

  func run() throws {
    try reportingFailures { try execute() }
  }

  private func execute() throws {
    let clock = Stopwatch()
    let data = try clock.measure("load") { try dataOptions.load() }
    let count = samples ?? (dataOptions.data == nil ? 330 : data.sampleCount)
    guard count <= data.sampleCount else {
      throw Failure.usage(
        "--samples is \(count), but \(data.source) has only \(data.sampleCount) rows")
    }
    let model: GraphModel
    do {
      model = try modelOptions.graphModel(sampleCount: count)
    } catch let error as ValidationError {
      throw Failure.usage(error.message)
    }
    let loop = ActiveLearning(
      seed: UInt32(seed), samples: count, initialLabeled: labeled, rounds: rounds,
      perRound: perRound, model: model, standardize: dataOptions.standardize)
    let templates = try TemplateSet.load(path: outputOptions.templates, page: .activeLearning)
    let folder = try OutputFolder(
      path: outputOptions.output, ownedStems: ["active_learning", "learning_progress"],
      inputs: dataOptions.inputFiles)
    let history: [ActiveLearningRound]
    do {
      history = try clock.measure("fit") { try loop.run(on: data) }
    } catch let error as LearningError {
      throw Failure(exitCode: error.exitCode, message: optionMessage(error))
    }
    let selected = data.shuffledSelection(
      seed: UInt32(seed), count: count, standardize: dataOptions.standardize
    ).data

    let formats = outputOptions.figureFormats.compactMap { FigureFormat(rawValue: $0.rawValue) }
    let shown: FigureFormat = formats.contains(.png) || !formats.contains(.svg) ? .png : .svg
    let drawFormats = formats.contains(shown) ? formats : [shown] + formats
    let metadata = FigureMetadata(
      title: "Active learning", software: "report \(ReportCommand.version)",
      description: "seed=\(seed) samples=\(count) labeled=\(labeled) rounds=\(rounds) "
        + "per_round=\(perRound) model=\(model.variant.rawValue) kernel=\(model.kernel)")
    let figures = makeFigures(history: history, data: data, selected: selected)
    var files: [OutputFile]
    let references: [FigureReference]
    do {
      (files, references) = try clock.measure("render") {
        try render(figures, formats: drawFormats, shown: shown, metadata: metadata)
      }
    } catch {
      throw Failure(exitCode: 74, message: "cannot draw the figures: \(error)")
    }
    let json = Array(historyJSON(history, data: selected).serialized().utf8)
    files.append(OutputFile(name: "active_learning.json", bytes: json))
    var timings = clock.phases
    timings.append(("total", clock.totalMilliseconds))
    let document = makeDocument(
      history: history, data: data, selected: selected, count: count, model: model,
      references: references, jsonBytes: json.count, timings: timings)
    do {
      let html = try templates.renderer.render(document)
      files.append(OutputFile(name: "active_learning.html", bytes: Array(html.utf8)))
    } catch {
      throw Failure(exitCode: 66, message: error.description)
    }
    if !outputOptions.quiet {
      for note in DataReadingText(data: selected).notes { printNote(note) }
    }
    for file in files { try folder.write(file.name, file.bytes) }
    try folder.commit()

    if !outputOptions.quiet {
      for round in history {
        print(
          "Iteration \(round.round) \(String(repeating: "_", count: 70))\n"
            + "Label Spreading model: \(round.labeledCount) labeled & "
            + "\(count - round.labeledCount) unlabeled (\(count) total)")
        if let report = round.report { print(report.text(), terminator: "") }
        if let matrix = round.confusionMatrix {
          print("Confusion matrix")
          for row in matrix.counts { print(row.map(String.init).joined(separator: " ")) }
        }
      }
      print("Active learning written to \(outputOptions.path(of: "active_learning.html"))")
    }
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
      let columns = chosenRounds.map { $0.chosen.count }.max() ?? perRound
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
    let chart = LineChartFigure(
      series: [
        LineChartFigure.Series(label: "accuracy", x: labels, y: accuracies, markers: true),
        LineChartFigure.Series(label: "macro F1", x: labels, y: macroF1s, markers: true),
      ],
      title: "Accuracy as labels are added", xLabel: "labeled samples",
      yLabel: "score on the unlabeled samples", legend: .lowerRight)
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
          KeyValue(key: "seed", value: "\(seed)"),
          KeyValue(key: "samples", value: "\(count)"),
          KeyValue(key: "initial labels", value: "\(labeled)"),
          KeyValue(key: "rounds", value: "\(rounds)"),
          KeyValue(key: "per round", value: "\(perRound)"),
        ],
        provenance: Provenance(
          source: data.source, sha256: data.sha256,
          licence: dataOptions.data == nil ? "CC BY 4.0" : nil,
          attribution: dataOptions.data == nil ? DataSet.digitsAttribution : nil,
          reading: DataReadingText(data: selected).pageFacts),
        warnings: [],
        downloads: [
          Download(
            href: "active_learning.json", contents: "every round's numbers", bytes: jsonBytes)
        ],
        toolName: "report", toolVersion: ReportCommand.version,
        timings: timings.map { KeyValue(key: $0.0, value: String(format: "%.1f ms", $0.1)) }),
      summary: "Starting from \(labeled) labeled of \(count) shuffled samples (seed \(seed)), "
        + "each of \(history.count) rounds fits \(model.variant.displayName) and asks for the "
        + "labels of the \(perRound) unlabeled samples it is least sure about.",
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

  /// Draws each figure in every format; the page links or embeds the `shown` one.
  private func render(
    _ figures: [PendingFigure], formats: [FigureFormat], shown: FigureFormat,
    metadata: FigureMetadata
  ) throws -> ([OutputFile], [FigureReference]) {
    var files: [OutputFile] = []
    var references: [FigureReference] = []
    for entry in figures {
      var shownBytes: [UInt8] = []
      for format in formats {
        let bytes = try entry.render(
          as: format, scale: outputOptions.scale.value, metadata: metadata)
        if format == shown { shownBytes = bytes }
        files.append(OutputFile(name: "\(entry.stem).\(format.fileExtension)", bytes: bytes))
      }
      references.append(
        FigureReference(
          kind: .other, href: "\(entry.stem).\(shown.fileExtension)", alt: entry.alt,
          width: Int(entry.size.width), height: Int(entry.size.height),
          dataURI: outputOptions.embed
            ? "data:\(shown.mimeType);base64,\(Data(shownBytes).base64EncodedString())" : nil,
          alternates: formats.filter { $0 != shown }.map {
            AlternateFormat(
              format: $0.rawValue.uppercased(), href: "\(entry.stem).\($0.fileExtension)")
          }))
    }
    return (files, references)
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
            ("seed", .int(seed)), ("samples", .int(history.first?.trainingLabels.count ?? 0)),
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
      (
        "tool", .object([("name", .string("report")), ("version", .string(ReportCommand.version))])
      ),
    ])
  }

}

/// A figure waiting to be drawn, with its file stem and alt text.
private struct PendingFigure {
  enum Drawing {
    case grid(ImageGridFigure)
    case chart(LineChartFigure)
  }

  let stem: String
  let drawing: Drawing
  let alt: String

  init(stem: String, figure: ImageGridFigure, alt: String) {
    self.stem = stem
    drawing = .grid(figure)
    self.alt = alt
  }

  init(stem: String, figure: LineChartFigure, alt: String) {
    self.stem = stem
    drawing = .chart(figure)
    self.alt = alt
  }

  var size: FigureSize {
    switch drawing {
    case .grid(let figure): figure.size
    case .chart(let figure): figure.size
    }
  }

  func render(as format: FigureFormat, scale: Double, metadata: FigureMetadata) throws -> [UInt8] {
    switch drawing {
    case .grid(let figure): try figure.render(as: format, scale: scale, metadata: metadata)
    case .chart(let figure): try figure.render(as: format, scale: scale, metadata: metadata)
    }
  }
}
