import ArgumentParser
import DataSets
import Foundation
import Learning
import Plotting
import Reporting

/// A comma-separated list of strict decimals, such as `0.01,0.1,1`.
struct DecimalList: ExpressibleByArgument, Sendable {
  let values: [Double]

  init?(argument: String) {
    let parts = argument.split(separator: ",", omittingEmptySubsequences: false)
    let values = parts.compactMap {
      StrictDecimal.parse($0.trimmingCharacters(in: .whitespaces))
    }
    guard !values.isEmpty, values.count == parts.count else { return nil }
    self.values = values
  }
}

/// `report tune`: a cross-validated grid over gamma or k, alpha and the model.
struct TuneCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tune",
    abstract: "Choose gamma, alpha and k honestly: a cross-validated grid on the labels you have.",
    discussion: """
      Splits the labeled samples with scikit-learn's StratifiedKFold(folds, shuffle=True, \
      random_state=fold-seed); for every setting and fold, hides that fold's labels, fits on \
      all samples and scores the hidden ones. Prints the best setting as a report command \
      line. Writes tuning.html, tuning.png and tuning.json.
      """)

  @OptionGroup(title: "Data")
  var dataOptions: DataOptions

  @Option(
    parsing: .unconditional,
    help: "How many shuffled rows to use (default 340 for digits, every row of a CSV).")
  var samples: Int?

  @Option(
    parsing: .unconditional,
    help: "How many of them keep their label (default 40; every known label with -1 rows).")
  var labeled: Int?

  @Option(parsing: .unconditional, help: "Seed of NumPy's RandomState that shuffles the rows.")
  var seed: Int = 2

  @Option(help: "The graph: rbf, knn or knn-rbf.")
  var kernel: KernelChoice = .rbf

  @Option(
    help: ArgumentHelp(
      "RBF widths to try (rbf, knn-rbf), comma-separated. Default: 0.1, 0.3, 1, 3 and 10 "
        + "times 1 / the median squared distance to the nearest other sample.",
      valueName: "g1,g2"))
  var gammas: DecimalList?

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Neighbour counts to try (knn, knn-rbf), comma-separated. Default: 3,5,7,10,15,20.",
      valueName: "k1,k2"))
  var neighbors: CountList?

  @Option(help: ArgumentHelp("Label spreading's alphas to try.", valueName: "a1,a2"))
  var alphas = DecimalList(argument: "0.1,0.2,0.5,0.8,0.9").unsafelyUnwrapped

  @Option(help: "Models to compare, comma-separated: spreading, propagation.")
  var models: String = "spreading,propagation"

  @Option(
    parsing: .unconditional,
    help: "Most iterations (default 20 for spreading, 1000 for propagation).")
  var maxIter: Int?

  @Option(
    parsing: .unconditional,
    help: "Stop when the total change of the label distributions falls below this.")
  var tol: Decimal = Decimal(1e-3)

  @Option(help: "Cross-validation folds over the labeled samples (at least 2).")
  var folds: Int = 5

  @Option(help: "Seed of the folds' shuffle (StratifiedKFold's random_state).")
  var foldSeed: Int = 0

  @OptionGroup(title: "Answers")
  var answerOptions: AnswersOptions

  @OptionGroup(title: "Output")
  var outputOptions: OutputOptions

  mutating func validate() throws {
    try outputOptions.validateRanges()
    _ = try variants()
    guard folds >= 2 else { throw ValidationError("--folds must be at least 2 (got \(folds))") }
    guard (0...Int(UInt32.max)).contains(foldSeed) else {
      throw ValidationError("--fold-seed must be between 0 and 4294967295 (got \(foldSeed))")
    }
    guard (0...Int(UInt32.max)).contains(seed) else {
      throw ValidationError("--seed must be between 0 and 4294967295 (got \(seed))")
    }
    if let maxIter, maxIter < 1 {
      throw ValidationError("--max-iter must be at least 1 (got \(maxIter))")
    }
    if let bad = gammas?.values.first(where: { !($0 > 0) }) {
      throw ValidationError("--gammas must all be > 0 (got \(bad))")
    }
    if let bad = neighbors?.values.first(where: { $0 < 1 }) {
      throw ValidationError("--neighbors must all be at least 1 (got \(bad))")
    }
    if let bad = alphas.values.first(where: { !($0 > 0 && $0 < 1) }) {
      throw ValidationError("--alphas must all be in the open interval (0, 1) (got \(bad))")
    }
  }

  private func variants() throws -> [GraphModelVariant] {
    let names = models.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    var variants: [GraphModelVariant] = []
    for name in names {
      guard let variant = GraphModelVariant(rawValue: name) else {
        throw ValidationError(
          "--models: unknown model '\(name)'; choose from spreading, propagation")
      }
      variants.append(variant)
    }
    guard !variants.isEmpty, Set(variants).count == variants.count else {
      throw ValidationError("--models must name each model once")
    }
    return variants
  }

  func run() throws {
    try reportingFailures { try execute() }
  }

  private func execute() throws {
    let clock = Stopwatch()
    let progress = ProgressDisplay.forTerminal()
    defer { progress?.finish() }
    let read = try clock.measure("load") { try dataOptions.load(progress: progress) }
    progress?.finish()
    let answers = try answerOptions.resolve(against: read)
    let data = answers.data
    let sampleCount = samples ?? (dataOptions.data == nil ? 340 : data.sampleCount)
    guard sampleCount >= 2, sampleCount <= data.sampleCount else {
      throw Failure.usage(
        "--samples is \(sampleCount), but it must be between 2 and the \(data.sampleCount) rows "
          + "of \(data.source)")
    }
    let (selected, sourceIndices) = data.shuffledSelection(
      seed: UInt32(seed), count: sampleCount, standardize: dataOptions.standardize)
    let hasUnlabeledRows = selected.targets.contains(-1)
    let keep = labeled ?? (hasUnlabeledRows ? nil : min(40, sampleCount - 1))
    var labels = TrainingLabels.keepingFirst(keep, of: selected.targets)
    // A person's answers label their rows, whatever --labeled hid (as `report` does).
    for (sample, source) in sourceIndices.enumerated() {
      if let answer = answers.codes[source] { labels[sample] = answer }
    }
    if let keep, keep > TrainingLabels.labeledCount(selected.targets) {
      throw Failure.usage(
        "--labeled is \(keep), but only \(TrainingLabels.labeledCount(selected.targets)) of the "
          + "\(sampleCount) samples have a label")
    }
    var defaultGammaNote: String?
    var gammaValues = gammas?.values ?? []
    if gammas == nil, kernel != .knn {
      let defaults: (gammas: [Double], medianNearestSquaredDistance: Double)
      do {
        defaults = try Tuning.defaultGammas(
          features: selected.features, featureCount: selected.featureCount)
      } catch {
        throw Failure(exitCode: error.exitCode, message: optionMessage(error))
      }
      gammaValues = defaults.gammas
      defaultGammaNote =
        "gammas "
        + gammaValues.map { "\($0)" }.joined(separator: ",")
        + String(
          format: " (around 1 / %.4g, the median squared distance to the nearest other sample)",
          defaults.medianNearestSquaredDistance)
    }
    let neighborValues =
      neighbors?.values ?? Tuning.defaultNeighborCounts(sampleCount: sampleCount)
    let kernels: [Kernel]
    switch kernel {
    case .rbf: kernels = gammaValues.map { .rbf(gamma: $0) }
    case .knn: kernels = neighborValues.map { .knn(neighbors: $0) }
    case .knnRBF:
      kernels = neighborValues.flatMap { k in gammaValues.map { .knnRBF(neighbors: k, gamma: $0) } }
    }
    let tuning = Tuning(
      variants: try variants(), kernels: kernels, alphas: alphas.values,
      spreadingMaxIterations: maxIter ?? 20, propagationMaxIterations: maxIter ?? 1000,
      tolerance: tol.value,
      folds: StratifiedKFold(folds: folds, seed: UInt32(foldSeed)))
    let templates = try TemplateSet.load(path: outputOptions.templates, page: .tuning)
    let folder = try OutputFolder(
      path: outputOptions.output, ownedStems: ["tuning"],
      inputs: dataOptions.inputFiles + answerOptions.inputFiles)
    let result: TuningResult
    do {
      result = try clock.measure("fit") {
        try tuning.run(on: selected, labels: labels) { done, total in
          progress?.fits(done, of: total)
        }
      }
    } catch let error as LearningError {
      progress?.finish()
      throw Failure(exitCode: error.exitCode, message: optionMessage(error))
    }
    progress?.finish()
    let command = bestCommand(result.best, sampleCount: sampleCount, labeled: keep)
    let artifacts = TuneArtifacts(
      result: result, data: selected, command: command, options: outputOptions,
      source: data, dataOptions: dataOptions, defaultGammaNote: defaultGammaNote, clock: clock)
    let files = try artifacts.files(templates: templates)
    if !outputOptions.quiet {
      if let defaultGammaNote { printNote("default \(defaultGammaNote)") }
      for warning in result.warnings { printWarning(warning) }
    }
    for file in files { try folder.write(file.name, file.bytes) }
    try folder.commit()
    if !outputOptions.quiet { printSummary(result, command: command.typed) }
  }

  /// The `report` command line that fits the best cell on the same samples and labels.
  private func bestCommand(_ cell: TuningCell, sampleCount: Int, labeled: Int?) -> RunCommandLine {
    var parts: [String] = []
    if let path = dataOptions.data { parts += ["--data", path] }
    if let column = dataOptions.targetColumn { parts += ["--target-column", column] }
    if dataOptions.standardize { parts.append("--standardize") }
    parts += ["--samples", "\(sampleCount)"]
    if let labeled { parts += ["--labeled", "\(labeled)"] }
    for path in answerOptions.answers { parts += ["--answers", path] }
    if answerOptions.allowNewClasses { parts.append("--allow-new-classes") }
    parts += ["--seed", "\(seed)", "--model", cell.model.variant.rawValue]
    parts += ["--kernel", cell.model.kernel.name]
    if let gamma = cell.model.kernel.gamma { parts += ["--gamma", "\(gamma)"] }
    if let k = cell.model.kernel.neighbors { parts += ["--neighbors", "\(k)"] }
    if let alpha = cell.alpha { parts += ["--alpha", "\(alpha)"] }
    if let maxIter { parts += ["--max-iter", "\(maxIter)"] }
    if tol.value != 1e-3 { parts += ["--tol", "\(tol.value)"] }
    return RunCommandLine(arguments: parts)
  }

  private func printSummary(_ result: TuningResult, command: String) {
    print(
      "Cross-validated over \(result.folds.count) folds of \(result.labeledCount) labeled samples:")
    let known = result.scoredUnlabeledCount > 0
    for line in Self.tableLines(result) { print(line) }
    if known {
      print(
        "(unlabeled: accuracy on the \(result.scoredUnlabeledCount) unlabeled samples whose "
          + "classes are known here, fitted with every label; real data cannot offer it)")
    }
    print("Best, to run next:\n  \(command)")
    print("Tuning written to \(outputOptions.path(of: "tuning.html"))")
  }

  /// The grid as a table of fixed columns, the header first, the best row marked.
  ///
  /// Each column is as wide as its widest entry (header included); text is
  /// left-aligned and numbers right-aligned, so that propagation's "-" in the
  /// alpha column sits where label spreading's alphas do. (`String(format:)`
  /// ignores a width with `%@` on Linux, which once shifted those rows.)
  static func tableLines(_ result: TuningResult) -> [String] {
    let known = result.scoredUnlabeledCount > 0
    let rows: [[String]] = result.cells.map { cell in
      [
        cell.model.variant.rawValue, TuneArtifacts.kernelText(cell.model.kernel),
        cell.alpha.map { "\($0)" } ?? "-", String(format: "%.3f", cell.mean),
        String(format: "%.3f", cell.standardDeviation),
      ] + (known ? [cell.unlabeledAccuracy.map { String(format: "%.3f", $0) } ?? "-"] : [])
    }
    let header = ["model", "graph", "alpha", "cv mean", "± std"] + (known ? ["unlabeled"] : [])
    // Minimum widths keep the layout of the README's example.
    let minimum = [12, 22, 5, 8, 7, 9]
    let widths = header.indices.map { column in
      ([header] + rows).reduce(minimum[column]) { max($0, $1[column].count) }
    }
    func line(_ fields: [String]) -> String {
      fields.indices.map { column in
        let padding = String(repeating: " ", count: widths[column] - fields[column].count)
        // model, graph and alpha left-aligned; the scores right-aligned.
        return column < 3 ? fields[column] + padding : padding + fields[column]
      }.joined(separator: "  ")
    }
    return [line(header)]
      + rows.enumerated().map { index, fields in
        let text = line(fields)
        return index == result.bestIndex ? text + "  <- best" : text
      }
  }
}
