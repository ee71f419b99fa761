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
      Starts from the labeled samples (the digits: 40 of them; a CSV with -1 rows: every \
      row that has a class), fits, and each round asks for the classes of the unlabeled \
      samples whose predicted distribution has the highest entropy, then fits again. A class \
      the data holds (hidden with --labeled) is revealed, as in scikit-learn's example; a \
      -1 row needs a person: the round stops, writes queries.csv (fill in its 'label' \
      column) and prints the command that continues with --answers. When every class is \
      known, the same rounds also run picking samples at random, the baseline. Writes \
      active_learning.html, active_learning.png (the samples chosen each round, wrong \
      predictions in red), learning_progress.png, active_learning.json, and queries.csv \
      when a round waits for answers.
      """)

  @OptionGroup(title: "Data")
  var dataOptions: DataOptions

  @Option(
    parsing: .unconditional,
    help: "Shuffled samples to use (default 330 for digits, every row of a CSV).")
  var samples: Int?

  @Option(
    parsing: .unconditional,
    help:
      "How many of the samples that have a class keep it at the start (the first N in shuffled order); the others are revealed when chosen. Default: 40, or every class when the CSV has -1 rows."
  )
  var labeled: Int?

  @Option(parsing: .unconditional, help: "Rounds of fitting and asking.")
  var rounds: Int = 5

  @Option(parsing: .unconditional, help: "Samples to label after each round.")
  var perRound: Int = 5

  @Option(parsing: .unconditional, help: "Seed of NumPy's RandomState used to shuffle the rows.")
  var seed: Int = 0

  @OptionGroup(title: "Model")
  var modelOptions: ModelOptions

  @OptionGroup(title: "Answers")
  var answerOptions: AnswersOptions

  @OptionGroup(title: "Output")
  var outputOptions: OutputOptions

  mutating func validate() throws {
    try modelOptions.validateRanges()
    try outputOptions.validateRanges()
    guard (0...Int(UInt32.max)).contains(seed) else {
      throw ValidationError("--seed must be between 0 and 4294967295 (got \(seed))")
    }
    if let labeled, labeled < 1 {
      throw ValidationError("--labeled must be at least 1 (got \(labeled))")
    }
    guard (1...100).contains(rounds) else {
      throw ValidationError("--rounds must be between 1 and 100 (got \(rounds))")
    }
    guard perRound >= 1 else {
      throw ValidationError("--per-round must be at least 1 (got \(perRound))")
    }
    if let samples, let labeled, samples <= labeled {
      throw ValidationError("--samples (\(samples)) must be more than --labeled (\(labeled))")
    }
  }

  func run() throws {
    try reportingFailures { try execute() }
  }

  private func execute() throws {
    let clock = Stopwatch()
    let read = try clock.measure("load") { try dataOptions.load() }
    // Answers are checked against the data before any work (exit 65).
    let answers = try answerOptions.resolve(against: read)
    let data = answers.data
    let count = samples ?? (dataOptions.data == nil ? 330 : data.sampleCount)
    guard count <= data.sampleCount else {
      throw Failure.usage(
        "--samples is \(count), but \(data.source) has only \(data.sampleCount) rows")
    }
    // As `report`: a CSV with -1 rows starts from every row that has a class.
    let initialLabeled = labeled ?? (data.targets.contains(-1) ? nil : 40)
    if labeled == nil, let initialLabeled, initialLabeled >= count {
      throw Failure.usage(
        "--labeled was not given, and its default (\(initialLabeled)) is not below the \(count) "
          + "samples; give --labeled with a number below \(count)")
    }
    let model: GraphModel
    do {
      model = try modelOptions.graphModel(sampleCount: count)
    } catch let error as ValidationError {
      throw Failure.usage(error.message)
    }
    let loop = ActiveLearning(
      seed: UInt32(seed), samples: count, initialLabeled: initialLabeled, rounds: rounds,
      perRound: perRound, model: model, standardize: dataOptions.standardize)
    let templates = try TemplateSet.load(path: outputOptions.templates, page: .activeLearning)
    let folder = try OutputFolder(
      path: outputOptions.output, ownedStems: ["active_learning", "learning_progress"],
      inputs: dataOptions.inputFiles + answerOptions.inputFiles)
    let run: ActiveLearningRun
    do {
      run = try clock.measure("fit") {
        try loop.run(
          on: data,
          person: PersonAnswers(labels: answers.codes, declined: answers.declinedRows))
      }
    } catch let error as LearningError {
      if error == .noLabeledSamples, let given = labeled {
        throw Failure.usage(
          "--labeled is \(given), but at least one sample must keep its label for the model "
            + "to have something to propagate")
      }
      throw Failure(exitCode: error.exitCode, message: optionMessage(error))
    }
    let selected = loop.selection(of: data)
    let queries = ActiveLearningQueries(
      command: self, run: run, data: data, selected: selected)
    let artifacts = ActiveLearningArtifacts(
      command: self, data: data, selected: selected, count: count, model: model,
      initialLabeled: initialLabeled, run: run, answers: answers, queries: queries,
      clock: clock)
    var files = try artifacts.files(templates: templates)
    if let csv = queries.csv { files.insert(OutputFile(name: "queries.csv", bytes: csv), at: 0) }
    if !outputOptions.quiet {
      for note in DataReadingText(data: selected).notes { printNote(note) }
    }
    for file in files { try folder.write(file.name, file.bytes) }
    try folder.commit()

    guard !outputOptions.quiet else { return }
    if let line = answers.summary(used: run.answeredRows.count, unused: queries.unusedReason) {
      print("Answers: \(line)")
    }
    for round in run.rounds {
      print(
        "Iteration \(round.round) \(String(repeating: "_", count: 70))\n"
          + "\(model.variant.displayName) model: \(round.labeledCount) labeled & "
          + "\(count - round.labeledCount) unlabeled (\(count) total)")
      if let report = round.report { print(report.text(), terminator: "") }
      if let matrix = round.confusionMatrix {
        print("Confusion matrix")
        for row in matrix.counts { print(row.map(String.init).joined(separator: " ")) }
      }
    }
    if let comparison = artifacts.comparison { print(comparison.sentence) }
    print("Active learning written to \(outputOptions.path(of: "active_learning.html"))")
    for line in queries.instructions(outputOptions) { print(line) }
  }
}
