import ArgumentParser
import DataSets
import Foundation
import Learning

/// `report generate` (the default): one run of the example's procedure, written as a report.
struct GenerateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate",
    abstract: "Fit a model to a few labels and write report.html (the default command).",
    discussion: """
      With no options, reproduces scikit-learn's "Label Propagation digits" example: \
      340 handwritten digits, 40 of them labeled, label spreading (gamma 0.25, \
      max_iter 20), and writes output/report.html with its figures, metrics.json and \
      predictions.csv.

      Your own data: --data FILE.csv with a header line, numeric feature columns and \
      a target column (-1 marks a row without a label).

      Exit codes: 0 success, 64 bad usage, 65 bad data, 66 input missing or \
      unreadable, 71 no threads or memory, 73 output cannot be created, 74 I/O error \
      while writing, 75 output \
      folder in use by another run.
      """)

  @OptionGroup(title: "Data")
  var dataOptions: DataOptions

  @Option(
    help: "Draw each row as an HxW image, e.g. 8x8 (default: 8x8 for digits, none for a CSV).")
  var imageShape: ImageShapeArgument?

  @Option(
    parsing: .unconditional,
    help: "How many shuffled samples to use (default: 340 for digits, every row of a CSV).")
  var samples: Int?

  @Option(
    parsing: .unconditional,
    help:
      "How many of the samples that have a class keep it (the first N in shuffled order); the other classes are hidden, predicted and scored. Default: 40, or every class when the CSV has -1 rows."
  )
  var labeled: Int?

  @Option(
    parsing: .unconditional,
    help: "Seed of NumPy's RandomState used to shuffle the rows (0 to 4294967295).")
  var seed: Int = 2

  @OptionGroup(title: "Model")
  var modelOptions: ModelOptions

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "How many of the most uncertain samples to show, at most the unlabeled samples and "
        + "\(GenerateCommand.uncertainLimit) (default: 10, or every unlabeled sample when fewer).",
      valueName: "k"))
  var uncertain: Int?

  /// Most uncertain samples the page shows; every sample's entropy is in predictions.csv.
  static let uncertainLimit = 100

  @OptionGroup(title: "Answers and new samples")
  var answerOptions: AnswersOptions

  @Option(
    help: ArgumentHelp(
      "After fitting, label the samples of this CSV file (the same feature columns; a class "
        + "column, if present, scores them) and write new_predictions.csv.", valueName: "file"))
  var predict: String?

  @OptionGroup(title: "Output")
  var outputOptions: OutputOptions

  mutating func validate() throws {
    try modelOptions.validateRanges()
    guard (0...Int(UInt32.max)).contains(seed) else {
      throw ValidationError("--seed must be between 0 and 4294967295 (got \(seed))")
    }
    if let samples, samples < 1 {
      throw ValidationError("--samples must be at least 1 (got \(samples))")
    }
    if let labeled, labeled < 0 {
      throw ValidationError("--labeled must be 0 or more (got \(labeled))")
    }
    if let samples, let labeled, labeled > samples {
      throw ValidationError("--labeled (\(labeled)) cannot exceed --samples (\(samples))")
    }
    if let uncertain {
      guard uncertain >= 1 else {
        throw ValidationError("--uncertain must be at least 1 (got \(uncertain))")
      }
      guard uncertain <= Self.uncertainLimit else {
        throw ValidationError(
          "--uncertain is \(uncertain), but the report shows at most \(Self.uncertainLimit) "
            + "samples (predictions.csv has every sample's entropy)")
      }
    }
    try outputOptions.validateRanges()
  }

  func run() throws {
    try reportingFailures { try ReportRun(command: self).execute() }
  }
}
