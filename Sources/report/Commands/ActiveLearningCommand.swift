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

  @Option(
    parsing: .unconditional,
    help: "Shuffled samples to use (default 330 for digits, every row of a CSV).")
  var samples: Int?

  @Option(parsing: .unconditional, help: "Labels at the start (default: 40).")
  var labeled: Int?

  /// The labels at the start: `--labeled`, else 40 as in scikit-learn's example.
  var initialLabeled: Int { labeled ?? 40 }

  @Option(parsing: .unconditional, help: "Rounds of fitting and asking.")
  var rounds: Int = 5

  @Option(parsing: .unconditional, help: "Samples to label after each round.")
  var perRound: Int = 5

  @Option(parsing: .unconditional, help: "Seed of NumPy's RandomState used to shuffle the rows.")
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
    let data = try clock.measure("load") { try dataOptions.load() }
    let count = samples ?? (dataOptions.data == nil ? 330 : data.sampleCount)
    guard count <= data.sampleCount else {
      throw Failure.usage(
        "--samples is \(count), but \(data.source) has only \(data.sampleCount) rows")
    }
    if labeled == nil, initialLabeled >= count {
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
      inputs: dataOptions.inputFiles)
    let history: [ActiveLearningRound]
    do {
      history = try clock.measure("fit") { try loop.run(on: data) }
    } catch let error as LearningError {
      throw Failure(exitCode: error.exitCode, message: optionMessage(error))
    }
    let selected = loop.selection(of: data)
    let artifacts = ActiveLearningArtifacts(
      command: self, data: data, selected: selected, count: count, model: model,
      history: history, clock: clock)
    let files = try artifacts.files(templates: templates)
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
}
