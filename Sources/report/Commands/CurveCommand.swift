import ArgumentParser
import DataSets
import Foundation
import Learning
import Plotting
import Reporting

/// `report curve`: accuracy against the number of labels, over several seeds.
struct CurveCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "curve",
    abstract: "How many labels are worth paying for: accuracy against the number of labels.",
    discussion: """
      For each labeled count, repeats the example's procedure with seeds 0, 1, … and \
      plots the mean accuracy on the unlabeled samples with its min-max band, for label \
      spreading, label propagation and a supervised 1-nearest-neighbour baseline trained \
      on the labeled samples alone. Writes learning_curve.html, learning_curve.png and \
      learning_curve.json.
      """)

  @OptionGroup(title: "Data")
  var dataOptions: DataOptions

  @Option(
    parsing: .unconditional,
    help: """
      Labeled counts to try, comma-separated (default: 10,20,40,80,160,320, those below the \
      number of samples).
      """)
  var labeled: CountList?

  /// The counts tried when `--labeled` is not given: those below the sample count.
  static let defaultLabeledCounts = [10, 20, 40, 80, 160, 320]

  /// The counts to try: those given, or the default counts below the sample count.
  func labeledCounts(sampleCount: Int) throws -> [Int] {
    if let labeled { return labeled.values }
    let fitting = Self.defaultLabeledCounts.filter { $0 < sampleCount }
    guard !fitting.isEmpty else {
      throw Failure.usage(
        "--labeled was not given, and none of its default counts "
          + "(\(Self.defaultLabeledCounts.map(String.init).joined(separator: ","))) is below the "
          + "\(sampleCount) samples; give counts such as --labeled \(max(1, sampleCount / 2))")
    }
    return fitting
  }

  @Option(parsing: .unconditional, help: "Seeds per count (0, 1, … repeats-1).")
  var repeats: Int = 10

  @Option(
    parsing: .unconditional,
    help: "Shuffled samples per run: a number, or 'all' (default 340 for digits, all for a CSV).")
  var samples: String?

  @Option(
    help: "Models to compare, comma-separated: spreading, propagation, supervised.")
  var models: String = "spreading,propagation,supervised"

  @OptionGroup(title: "Model")
  var graph: GraphOptions

  @OptionGroup(title: "Output")
  var outputOptions: OutputOptions

  mutating func validate() throws {
    try graph.validateRanges()
    try outputOptions.validateRanges()
    guard (1...1000).contains(repeats) else {
      throw ValidationError("--repeats must be between 1 and 1000 (got \(repeats))")
    }
    if let bad = labeled?.values.first(where: { $0 < 1 }) {
      throw ValidationError("--labeled counts must be at least 1 (got \(bad))")
    }
    _ = try modelChoices()
    if let samples, samples != "all", (Int(samples) ?? 0) < 2 {
      throw ValidationError("--samples must be a number of at least 2, or 'all' (got \(samples))")
    }
  }

  private func modelChoices() throws -> [String] {
    let names = models.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    let known = ["spreading", "propagation", "supervised"]
    if let unknown = names.first(where: { !known.contains($0) }) {
      throw ValidationError(
        "--models: unknown model '\(unknown)'; choose from spreading, propagation, supervised")
    }
    guard !names.isEmpty, Set(names).count == names.count else {
      throw ValidationError("--models must name each model once")
    }
    return names
  }

  func run() throws {
    try reportingFailures { try execute() }
  }

  private func execute() throws {
    let clock = Stopwatch()
    let progress = ProgressDisplay.forTerminal()
    defer { progress?.finish() }
    let data = try clock.measure("load") { try dataOptions.load(progress: progress) }
    progress?.finish()
    let sampleCount: Int? =
      samples == "all" ? nil : samples.flatMap(Int.init) ?? (dataOptions.data == nil ? 340 : nil)
    let count = sampleCount ?? data.sampleCount
    guard count <= data.sampleCount else {
      throw Failure.usage(
        "--samples is \(count), but \(data.source) has only \(data.sampleCount) rows")
    }
    var curveModels: [CurveModel] = []
    for name in try modelChoices() {
      switch name {
      case "spreading":
        curveModels.append(
          .graph(
            name: "Label Spreading",
            try usage { try graph.graphModel(.spreading, sampleCount: count) }))
      case "propagation":
        curveModels.append(
          .graph(
            name: "Label Propagation",
            try usage { try graph.graphModel(.propagation, sampleCount: count) }))
      default:
        curveModels.append(.supervisedNearestNeighbor)
      }
    }
    let curve = LearningCurve(
      labeledCounts: try labeledCounts(sampleCount: count), seeds: (0..<repeats).map { UInt32($0) },
      samples: sampleCount, standardize: dataOptions.standardize, models: curveModels)
    let templates = try TemplateSet.load(path: outputOptions.templates, page: .learningCurve)
    let folder = try OutputFolder(
      path: outputOptions.output, ownedStems: ["learning_curve"], inputs: dataOptions.inputFiles)
    let result: LearningCurveResult
    do {
      result = try clock.measure("fit") {
        try curve.run(on: data) { done, total in
          progress?.fits(done, of: total, phase: "learning curve")
        }
      }
    } catch let error as LearningError {
      progress?.finish()
      throw Failure(exitCode: error.exitCode, message: optionMessage(error))
    }
    progress?.finish()

    let artifacts = CurveArtifacts(
      command: self, data: data, count: count, result: result,
      modelNames: curveModels.map(\.name), clock: clock)
    let files = try artifacts.files(templates: templates)
    if !outputOptions.quiet {
      for note in DataReadingText(data: data).notes { printNote(note) }
    }
    for file in files { try folder.write(file.name, file.bytes) }
    try folder.commit()

    if !outputOptions.quiet {
      print(CurveSummary.text(result.summary), terminator: "")
      print("Learning curve written to \(outputOptions.path(of: "learning_curve.html"))")
    }
  }

  private func usage<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as ValidationError {
      throw Failure.usage(error.message)
    }
  }
}
