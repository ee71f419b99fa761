import ArgumentParser
import DataSets
import Foundation
import Learning
import Plotting
import Reporting

/// A comma-separated list of whole numbers, such as `10,20,40`.
struct CountList: ExpressibleByArgument, Sendable {
  let values: [Int]

  init?(argument: String) {
    let parts = argument.split(separator: ",", omittingEmptySubsequences: false)
    let values = parts.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard !values.isEmpty, values.count == parts.count else { return nil }
    self.values = values
  }
}

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

  @Option(help: "Labeled counts to try, comma-separated.")
  var labeled = CountList(argument: "10,20,40,80,160,320").unsafelyUnwrapped

  @Option(help: "Seeds per count (0, 1, … repeats-1).")
  var repeats: Int = 10

  @Option(
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
    if let bad = labeled.values.first(where: { $0 < 1 }) {
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
    let data = try clock.measure("load") { try dataOptions.load() }
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
      labeledCounts: labeled.values, seeds: (0..<repeats).map { UInt32($0) },
      samples: sampleCount, standardize: dataOptions.standardize, models: curveModels)
    let templates = try TemplateSet.load(path: outputOptions.templates, page: .learningCurve)
    let folder = try OutputFolder(
      path: outputOptions.output, ownedStems: ["learning_curve"], inputs: dataOptions.inputFiles)
    let progress = ProgressDisplay.forTerminal()
    let result: LearningCurveResult
    do {
      result = try clock.measure("fit") {
        try curve.run(on: data) { done, total in
          progress?.report(.iteration(done, residual: Double(total - done)))
        }
      }
    } catch let error as LearningError {
      progress?.finish()
      throw Failure(exitCode: error.exitCode, message: optionMessage(error))
    }
    progress?.finish()

    let formats = outputOptions.figureFormats.compactMap { FigureFormat(rawValue: $0.rawValue) }
    let shown: FigureFormat = formats.contains(.png) || !formats.contains(.svg) ? .png : .svg
    let drawFormats = formats.contains(shown) ? formats : [shown] + formats
    var series: [LineChartFigure.Series] = []
    for model in curveModels {
      let rows = result.summary.filter { $0.model == model.name }
      series.append(
        LineChartFigure.Series(
          label: model.name, x: rows.map { Double($0.labeled) }, y: rows.map(\.mean),
          band: LineChartFigure.Band(lower: rows.map(\.minimum), upper: rows.map(\.maximum)),
          markers: true))
    }
    let figure = LineChartFigure(
      series: series, title: "Accuracy against the number of labels",
      xLabel: "labeled samples", yLabel: "accuracy on the unlabeled samples", xScale: .log,
      legend: .lowerRight)
    var files: [OutputFile] = []
    let metadata = FigureMetadata(
      title: "Learning curve", software: "report \(ReportCommand.version)",
      description: "counts=\(labeled.values) seeds=0..<\(repeats) samples=\(count)")
    do {
      try clock.measure("render") {
        for format in drawFormats {
          files.append(
            OutputFile(
              name: "learning_curve.\(format.fileExtension)",
              bytes: try figure.render(
                as: format, scale: outputOptions.scale.value, metadata: metadata)))
        }
      }
    } catch {
      throw Failure(exitCode: 74, message: "cannot draw the figure: \(error)")
    }
    let json = Array(curveJSON(result, data: data).serialized().utf8)
    files.append(OutputFile(name: "learning_curve.json", bytes: json))
    let shownBytes = files.first { $0.name == "learning_curve.\(shown.fileExtension)" }?.bytes ?? []
    var timings = clock.phases
    timings.append(("total", clock.totalMilliseconds))
    let document = CurveDocument(
      frame: PageFrame(
        title: "How many labels are worth it? (\(data.source))",
        parameters: curveParameters(count: count),
        provenance: Provenance(
          source: data.source, sha256: data.sha256,
          licence: dataOptions.data == nil ? "CC BY 4.0" : nil,
          attribution: dataOptions.data == nil ? DataSet.digitsAttribution : nil,
          reading: DataReadingText(data: data).pageFacts),
        warnings: [],
        downloads: [
          Download(
            href: "learning_curve.json", contents: "every run's accuracy and the summary",
            bytes: json.count)
        ],
        toolName: "report", toolVersion: ReportCommand.version,
        timings: timings.map { KeyValue(key: $0.0, value: String(format: "%.1f ms", $0.1)) }),
      summary: "Accuracy on the unlabeled samples of \(count) shuffled samples of \(data.source), "
        + "for \(labeled.values.map(String.init).joined(separator: ", ")) labeled samples, "
        + "each repeated with \(repeats) seeds; the band spans the lowest to the highest run.",
      figure: FigureReference(
        kind: .other, href: "learning_curve.\(shown.fileExtension)",
        alt: curveAltText(result), width: Int(figure.size.width),
        height: Int(figure.size.height),
        dataURI: outputOptions.embed
          ? "data:\(shown.mimeType);base64,\(Data(shownBytes).base64EncodedString())" : nil,
        alternates: drawFormats.filter { $0 != shown }.map {
          AlternateFormat(
            format: $0.rawValue.uppercased(), href: "learning_curve.\($0.fileExtension)")
        }),
      rows: result.summary.map {
        CurveTableRow(
          model: $0.model, labeled: $0.labeled, runs: $0.runs, mean: $0.mean,
          standardDeviation: $0.standardDeviation, minimum: $0.minimum, maximum: $0.maximum,
          meanMacroF1: $0.meanMacroF1)
      })
    do {
      let html = try templates.renderer.render(document)
      files.append(OutputFile(name: "learning_curve.html", bytes: Array(html.utf8)))
    } catch {
      throw Failure(exitCode: 66, message: error.description)
    }
    if !outputOptions.quiet {
      for note in DataReadingText(data: data).notes { printNote(note) }
    }
    for file in files { try folder.write(file.name, file.bytes) }
    try folder.commit()

    if !outputOptions.quiet {
      print(String(format: "%-36@ %8@ %8@ %8@ %8@", "model", "labeled", "mean", "min", "max"))
      for row in result.summary {
        print(
          row.model.padding(toLength: 36, withPad: " ", startingAt: 0)
            + String(
              format: " %8d %8.3f %8.3f %8.3f", row.labeled, row.mean, row.minimum, row.maximum))
      }
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

  private func curveParameters(count: Int) -> [KeyValue] {
    var values = [
      KeyValue(key: "labeled", value: labeled.values.map(String.init).joined(separator: ", ")),
      KeyValue(key: "seeds", value: "0 to \(repeats - 1)"),
      KeyValue(key: "samples", value: "\(count)"),
      KeyValue(key: "models", value: models),
      KeyValue(key: "kernel", value: graph.kernel.rawValue),
    ]
    if graph.kernel != .rbf {
      values.append(KeyValue(key: "neighbors", value: "\(graph.neighbors)"))
    }
    if graph.kernel != .knn {
      values.append(KeyValue(key: "gamma", value: "\(graph.gamma.value)"))
    }
    values.append(KeyValue(key: "standardized", value: dataOptions.standardize ? "yes" : "no"))
    return values
  }

  private func curveAltText(_ result: LearningCurveResult) -> String {
    let models = Array(Set(result.summary.map(\.model))).sorted()
    let parts = models.map { model -> String in
      let rows = result.summary.filter { $0.model == model }
      let first = rows.first.map { String(format: "%.3f at %d labels", $0.mean, $0.labeled) } ?? ""
      let last = rows.last.map { String(format: "%.3f at %d", $0.mean, $0.labeled) } ?? ""
      return "\(model) from \(first) to \(last)"
    }
    return "Mean accuracy: " + parts.joined(separator: "; ")
  }

  private func curveJSON(_ result: LearningCurveResult, data: DataSet) -> JSONValue {
    .object([
      (
        "data",
        .object(
          [
            ("source", .string(data.source)), ("sha256", .string(data.sha256)),
            ("standardized", .bool(dataOptions.standardize)),
          ] + DataReadingText(data: data).jsonMembers)
      ),
      (
        "points",
        .array(
          result.points.map {
            .object([
              ("model", .string($0.model)), ("labeled", .int($0.labeled)),
              ("seed", .int(Int($0.seed))), ("evaluated", .int($0.evaluated)),
              ("accuracy", .double($0.accuracy)), ("macro_f1", .double($0.macroF1)),
            ])
          })
      ),
      (
        "summary",
        .array(
          result.summary.map {
            .object([
              ("model", .string($0.model)), ("labeled", .int($0.labeled)),
              ("runs", .int($0.runs)), ("mean", .double($0.mean)),
              ("std", .double($0.standardDeviation)), ("min", .double($0.minimum)),
              ("max", .double($0.maximum)), ("mean_macro_f1", .double($0.meanMacroF1)),
            ])
          })
      ),
      (
        "tool", .object([("name", .string("report")), ("version", .string(ReportCommand.version))])
      ),
    ])
  }
}
