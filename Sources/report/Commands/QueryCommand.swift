import ArgumentParser
import DataSets
import Foundation
import Learning
import Reporting

/// The query strategy option's values.
extension QueryStrategy: ExpressibleByArgument {}

/// `report query`: the samples a person should label next.
struct QueryCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "query",
    abstract: "Fit as 'report' does and ask a person for the classes the model is least sure of.",
    discussion: """
      Writes queries.csv: the --count unlabeled samples the model is least sure of \
      (highest entropy of the label distribution; or smallest margin between the two \
      most probable classes; or at random, the baseline), with their data row \
      (source_index), the model's guess and an empty 'label' column. Fill in the labels \
      you know, save the file outside the output folder, and pass it back with \
      --answers: to 'report query' for the next round, to 'report' for the report. \
      queries.html shows each queried sample as a person can judge it.

      Exit codes: 0 success, 64 bad usage, 65 bad data or a bad answer (file:line), \
      66 input missing or unreadable, 73 output cannot be created, 74 I/O error while \
      writing, 75 output folder in use by another run.
      """)

  @OptionGroup(title: "Data")
  var dataOptions: DataOptions

  @Option(help: "Draw each queried row as an HxW image, e.g. 8x8 (default: 8x8 for digits).")
  var imageShape: ImageShapeArgument?

  @Option(
    parsing: .unconditional,
    help: "How many shuffled samples to use (default: 340 for digits, every row of a CSV).")
  var samples: Int?

  @Option(
    parsing: .unconditional,
    help:
      "How many of the samples that have a class keep it (the first N in shuffled order). Default: 40 for the digits, every class for a CSV."
  )
  var labeled: Int?

  @Option(
    parsing: .unconditional,
    help: "Seed of NumPy's RandomState (the shuffle, and the random strategy).")
  var seed: Int = 2

  @OptionGroup(title: "Model")
  var modelOptions: ModelOptions

  @Option(parsing: .unconditional, help: "How many samples to ask about.")
  var count: Int = 10

  @Option(help: "entropy (least sure first), margin (closest two classes first) or random.")
  var strategy: QueryStrategy = .entropy

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
    if let samples, samples < 1 {
      throw ValidationError("--samples must be at least 1 (got \(samples))")
    }
    if let labeled, labeled < 0 {
      throw ValidationError("--labeled must be 0 or more (got \(labeled))")
    }
    guard count >= 1 else { throw ValidationError("--count must be at least 1 (got \(count))") }
  }

  func run() throws {
    try reportingFailures { try execute() }
  }

  private func execute() throws {
    let read = try dataOptions.load()
    let answers = try answerOptions.resolve(against: read)
    let data = answers.data
    let sampleCount = samples ?? (dataOptions.data == nil ? 340 : data.sampleCount)
    guard sampleCount <= data.sampleCount else {
      throw Failure.usage(
        "--samples is \(sampleCount), but \(data.source) has only \(data.sampleCount) rows")
    }
    let kept = labeled ?? (dataOptions.data == nil ? 40 : nil)
    let model: GraphModel
    do {
      model = try modelOptions.graphModel(sampleCount: sampleCount)
    } catch let error as ValidationError {
      throw Failure.usage(error.message)
    }
    var imageShape = data.imageShape
    if let requested = self.imageShape?.shape {
      guard requested.height * requested.width == data.featureCount else {
        throw Failure.usage(
          "--image-shape \(requested) needs \(requested.height * requested.width) features per "
            + "row, but \(data.source) has \(data.featureCount)")
      }
      imageShape = requested
    }
    let templates = try TemplateSet.load(path: outputOptions.templates, page: .queries)
    let folder = try OutputFolder(
      path: outputOptions.output, ownedStems: ["queries", "queried_samples"],
      inputs: dataOptions.inputFiles + answerOptions.inputFiles)

    var experiment = Experiment(
      seed: UInt32(seed), samples: sampleCount, labeled: kept,
      standardize: dataOptions.standardize, model: model, uncertainCount: 1)
    experiment.answers = answers.codes
    let result: ExperimentResult
    do {
      result = try experiment.run(on: data)
    } catch {
      throw Failure(exitCode: error.exitCode, message: optionMessage(error))
    }
    let queried = Queries.choose(
      count, from: result.model, trainingLabels: result.trainingLabels,
      sourceIndices: result.sourceIndices, strategy: strategy, seed: UInt32(seed))
    let table = QueryTable(result: result, queried: queried, strategy: strategy)
    let csv = Array(table.csv().utf8)
    var files = [OutputFile(name: "queries.csv", bytes: csv)]
    files += try QueryPage(
      command: self, result: result, table: table, imageShape: imageShape, answers: answers,
      source: data, csvBytes: csv
    ).files(templates: templates)
    for file in files { try folder.write(file.name, file.bytes) }
    try folder.commit()

    guard !outputOptions.quiet else { return }
    if let line = answers.summary(used: result.answeredSamples.count) { print("Answers: \(line)") }
    print(
      "\(result.experiment.model.variant.displayName) model: \(result.labeledCount) labeled & "
        + "\(result.data.sampleCount - result.labeledCount) unlabeled points "
        + "(\(result.data.sampleCount) total)")
    if queried.isEmpty {
      print("Every sample has a label: there is nothing to ask.")
      return
    }
    print(
      "\(queried.count) \(queried.count == 1 ? "query" : "queries") (\(strategy.rawValue)) "
        + "written to \(outputOptions.path(of: "queries.csv")) and "
        + "\(outputOptions.path(of: "queries.html"))")
    print(
      "Fill in its 'label' column, save it outside the output folder as answers.csv, and run:")
    print("  " + nextCommand(answersFile: "answers.csv"))
  }

  /// The command line of this run with the answers file added: the next round (on the page,
  /// with the files named without their folders).
  func nextCommand(answersFile: String, forPage: Bool = false) -> String {
    var line = RunCommandLine.current
    if line.arguments.contains(answersFile) == false {
      line.arguments += ["--answers", answersFile]
    }
    return forPage ? line.shown.line : line.typed
  }
}

/// The queried samples as rows: what `queries.csv` and the page show.
struct QueryTable {
  let result: ExperimentResult
  let queried: [QueriedSample]
  let strategy: QueryStrategy

  private var classNames: [String] { result.data.classNames }

  /// `query, index, source_index, predicted, entropy` (and `margin`), `p_<class>`, `label`.
  func csv() -> String {
    QueriesCSV.text(
      model: result.model, classNames: classNames,
      rows: queried.map { query in
        QueriesCSV.Row(
          sample: query.sample, fileRow: DataReadingText.fileRow(result, query.sample),
          entropy: query.entropy, margin: strategy == .margin ? query.score : nil)
      }, withMargin: strategy == .margin)
  }

  /// The model's guess, or empty when no label reached the sample.
  func predicted(_ query: QueriedSample) -> String {
    QueriesCSV.predicted(query.sample, model: result.model, classNames: classNames)
  }
}
