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
  /// `--labeled`, or its default; `nil` when every class of the data starts labeled.
  let initialLabeled: Int?
  let run: ActiveLearningRun
  let answers: ResolvedAnswers
  let queries: ActiveLearningQueries
  let clock: Stopwatch

  private var history: [ActiveLearningRound] { run.rounds }

  /// Uncertainty sampling against random picks, when both ran and were scored.
  var comparison: BaselineComparison? {
    run.baseline.flatMap { BaselineComparison(strategy: run.rounds, baseline: $0) }
  }

  /// The labels at the start, as the page says it.
  private var initialText: String {
    initialLabeled.map(String.init) ?? "\(history.first?.labeledCount ?? 0) (every labeled row)"
  }

  /// Every file of the run, the page last (its footer shows the time spent drawing).
  func files(templates: TemplateSet) throws -> [OutputFile] {
    let figureFiles = FigureFiles(command.outputOptions)
    let metadata = FigureMetadata(
      title: "Active learning", software: "report \(ReportCommand.version)",
      description: "seed=\(command.seed) samples=\(count) "
        + "labeled=\(initialLabeled.map(String.init) ?? "all") "
        + "rounds=\(command.rounds) per_round=\(command.perRound) "
        + "model=\(model.variant.rawValue) kernel=\(model.kernel)"
        + (run.baseline == nil ? "" : " baseline=random"))
    var files: [OutputFile] = []
    var references: [FigureReference] = []
    do {
      let pending = try ActiveLearningFigures(
        data: data, selected: selected, run: run, perRound: command.perRound
      ).all()
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
      references: references, json: json, timings: clock.timings())
    files.append(try templates.page(document))
    return files
  }

  /// The page's description of the run: plain values, nothing to draw.
  private func makeDocument(
    history: [ActiveLearningRound], data: DataSet, selected: DataSet, count: Int,
    model: GraphModel, references: [FigureReference], json: [UInt8],
    timings: [(String, Double)]
  ) -> ActiveLearningDocument {
    let names = data.classNames
    return ActiveLearningDocument(
      frame: PageFrame(
        title: "Active learning on \(data.fileName)",
        parameters: [
          KeyValue(key: "model", value: model.variant.rawValue),
          KeyValue(key: "kernel", value: "\(model.kernel)"),
          KeyValue(key: "max_iter", value: "\(model.maxIterations)"),
          KeyValue(key: "seed", value: "\(command.seed)"),
          KeyValue(key: "samples", value: "\(count)"),
          KeyValue(key: "initial labels", value: initialText),
          KeyValue(key: "rounds", value: "\(command.rounds)"),
          KeyValue(key: "per round", value: "\(command.perRound)"),
        ] + extraParameters,
        provenance: command.dataOptions.provenance(data, reading: selected),
        warnings: [],
        downloads: [
          Download.file(
            "active_learning.json", contents: "every round's numbers", bytes: json,
            embed: command.outputOptions.embed)
        ]
          + (queries.csv.map {
            [
              Download.file(
                "queries.csv",
                contents: queries.waitingRound == nil
                  ? "no sample waits for an answer (the header only)"
                  : "the samples this round asks about, with an empty label column to fill in",
                bytes: $0, embed: command.outputOptions.embed)
            ]
          } ?? []),
        timings: Stopwatch.footer(timings), json: "active_learning.json"),
      values: (
        summary: summary,
        figures: references,
        rounds: history.map { round in
          (
            round: round.round + 1, labeled: round.labeledCount, accuracy: round.accuracy,
            macroF1: round.macroF1, report: round.report.map(reportTable),
            reportText: round.report?.text(),
            confusionLabels: round.model.classes.map { names[$0] },
            confusion: round.confusionMatrix?.counts,
            chosen: chosenSamples(of: round, names: names, selected: selected)
          )
        },
        comparison: comparison.map(comparisonView),
        waiting: queries.waitingRound.map { round in
          (
            round: round.round + 1, queries: queries.waitingPositions.count,
            answersFile: queries.answersFileName, nextCommand: queries.nextCommandOnPage
          )
        }
      ))
  }

  /// The samples `round` asked labels for, with the class each turned out to have (its answer,
  /// else its class in the data).
  private func chosenSamples(
    of round: ActiveLearningRound, names: [String], selected: DataSet
  ) -> [UncertainSample] {
    round.chosen.indices.map { position in
      let sample = round.chosen[position]
      let truth = round.outcomes[position].code ?? selected.targets[sample]
      return UncertainSample(
        rank: position + 1, index: sample, sourceIndex: round.chosenSourceIndices[position],
        predicted: names[round.model.transduction[sample]],
        truth: truth == -1 ? nil : names[truth], entropy: round.chosenEntropies[position],
        topProbabilities: [])
    }
  }

  /// The page's table of both runs, its verdict and how the baseline was run.
  private func comparisonView(
    _ comparison: BaselineComparison
  ) -> ActiveLearningPage.Comparison {
    (
      rows: comparison.points.map { point in
        (
          round: point.round + 1, labeled: point.labels, accuracy: point.accuracy,
          baselineAccuracy: point.baselineAccuracy, macroF1: point.macroF1,
          baselineMacroF1: point.baselineMacroF1
        )
      },
      beat: comparison.verdict == .beat, verdict: comparison.sentence,
      note: "Random sampling ran the same rounds from the same labels, picking "
        + "\(command.perRound) unlabeled samples per round uniformly at random (NumPy's "
        + "RandomState(\(command.seed)) that shuffled the rows, continued). Each run is scored "
        + "on the samples it left unlabeled. It is one random draw: a difference of a point "
        + "or two can be chance."
    )
  }

  /// What the page's lede says: the procedure, the baseline's verdict, a waiting round.
  private var summary: String {
    let start =
      initialLabeled == nil
      ? "Starting from the \(history.first?.labeledCount ?? 0) rows that have a class, of "
        + "\(count) shuffled samples (seed \(command.seed)), each round fits "
      : "Starting from \(initialText) labeled of \(count) shuffled samples "
        + "(seed \(command.seed)), each round fits "
    let done =
      history.count == command.rounds
      ? "\(history.count) \(history.count == 1 ? "round" : "rounds") ran."
      : "\(history.count) of \(command.rounds) rounds ran."
    var text =
      start + "\(model.variant.displayName) and asks for the classes of the "
      + "\(command.perRound) unlabeled samples it is least sure about; \(done)"
    if let comparison {
      text += " " + comparison.sentence
    } else if run.baseline == nil, !run.waiting {
      text += " Random sampling, the baseline, needs every sample's class, which the data lacks."
    }
    if let round = queries.waitingRound {
      text += " Round \(round.round + 1) waits for a person's answers."
    }
    return text
  }

  /// The run card's lines for the answers and the baseline.
  private var extraParameters: [KeyValue] {
    var values: [KeyValue] = []
    if run.baseline != nil {
      values.append(KeyValue(key: "baseline", value: "random sampling, seed \(command.seed)"))
    }
    if let line = answers.summary(used: run.answeredRows.count, unused: queries.unusedReason) {
      values.append(KeyValue(key: "answers", value: line))
    }
    return values
  }

  private func historyJSON(_ history: [ActiveLearningRound], data: DataSet) -> JSONValue {
    let names = data.classNames
    let integers = names.allSatisfy { Int($0) != nil }
    func label(_ code: Int) -> JSONValue {
      integers ? .int(Int(names[code]) ?? 0) : .string(names[code])
    }
    let dataJSON: JSONValue = .object(
      [
        ("source", .string(data.source)), ("sha256", .string(data.sha256)),
        ("seed", .int(command.seed)),
        ("samples", .int(history.first?.trainingLabels.count ?? 0)),
      ] + DataReadingText(data: data).jsonMembers)
    let rounds: [JSONValue] = history.map { round in
      let report: JSONValue =
        round.report.map { report in
          .object(
            report.classes.map { ($0.name, scoresJSON($0)) } + [
              ("accuracy", .double(report.accuracy)),
              ("macro avg", scoresJSON(report.macroAverage)),
              ("weighted avg", scoresJSON(report.weightedAverage)),
            ])
        } ?? .null
      let matrix: JSONValue =
        round.confusionMatrix.map { matrix in
          .array(matrix.counts.map { .array($0.map { .int($0) }) })
        } ?? .null
      let members: [(String, JSONValue)] = [
        ("round", .int(round.round)),
        ("labeled", .int(round.labeledCount)),
        ("accuracy", round.accuracy.map { .double($0) } ?? .null),
        ("macro_f1", round.macroF1.map { .double($0) } ?? .null),
        ("report_text", round.report.map { .string($0.text()) } ?? .null),
        ("report", report),
        ("confusion_matrix", matrix),
        ("classes", .array(round.model.classes.map(label))),
        ("chosen", .array(round.chosen.map { .int($0) })),
        ("chosen_source_indices", .array(round.chosenSourceIndices.map { .int($0) })),
        ("chosen_entropy", .array(round.chosenEntropies.map { .double($0) })),
        ("chosen_labels", .array(round.outcomes.map { $0.code.map(label) ?? .null })),
        ("chosen_outcomes", .array(round.outcomes.map { .string(outcomeName($0)) })),
      ]
      return .object(members)
    }
    let members: [(String, JSONValue)] = [("data", dataJSON), ("rounds", .array(rounds))]
    return .object(
      members + extraJSON + [("command", .string(RunCommandLine.current.typed)), JSONValue.tool])
  }

  /// `baseline`, `comparison`, `waiting` and `answers` of `active_learning.json`.
  private var extraJSON: [(String, JSONValue)] {
    var comparisonJSON = JSONValue.null
    if let comparison {
      comparisonJSON = .object([
        ("verdict", .string(comparison.verdict.rawValue)),
        ("sentence", .string(comparison.sentence)),
      ])
    }
    var waitingJSON = JSONValue.null
    if let round = queries.waitingRound {
      let rows = queries.waitingPositions.map { data.fileRow(round.chosenSourceIndices[$0]) }
      waitingJSON = .object([
        ("round", .int(round.round)),
        ("source_indices", .array(rows.map { .int($0) })),
        ("answers_file", .string(queries.answersFileName)),
        ("next_command", .string(queries.nextCommand)),
      ])
    }
    let baseline: JSONValue = run.baseline.map { .array($0.map(baselineJSON)) } ?? .null
    return [
      ("baseline", baseline), ("comparison", comparisonJSON), ("waiting", waitingJSON),
      ("answers", answers.json(used: run.answeredRows.count)),
    ]
  }
}

/// A chosen sample's outcome as `active_learning.json` names it.
private func outcomeName(_ outcome: ChosenLabel) -> String {
  switch outcome {
  case .label: "labeled"
  case .unanswered: "unanswered"
  case .declined: "skipped"
  case .waiting: "waiting"
  }
}

/// One round of the random baseline in `active_learning.json`.
private func baselineJSON(_ round: ActiveLearningRound) -> JSONValue {
  .object([
    ("round", .int(round.round)),
    ("labeled", .int(round.labeledCount)),
    ("accuracy", round.accuracy.map { .double($0) } ?? .null),
    ("macro_f1", round.macroF1.map { .double($0) } ?? .null),
    ("chosen", .array(round.chosen.map { .int($0) })),
    ("chosen_source_indices", .array(round.chosenSourceIndices.map { .int($0) })),
  ])
}
