import DataSets
import Foundation
import Learning
import Plotting
import Reporting

/// Turns a learning curve into the output folder's files: the figure, `learning_curve.json`,
/// and the page last.
struct CurveArtifacts {
  let command: CurveCommand
  let data: DataSet
  /// Shuffled samples per run.
  let count: Int
  let result: LearningCurveResult

  /// The labeled counts the curve ran, in order.
  private var labeledCounts: [Int] { Array(Set(result.summary.map(\.labeled))).sorted() }
  /// The models in the order they were asked for, as the curve names them.
  let modelNames: [String]
  let clock: Stopwatch

  /// Every file of the run, the page last (its footer shows the time spent drawing).
  func files(templates: TemplateSet) throws -> [OutputFile] {
    let figureFiles = FigureFiles(command.outputOptions)
    let metadata = FigureMetadata(
      title: "Learning curve", software: "report \(ReportCommand.version)",
      description: "counts=\(labeledCounts) seeds=0..<\(command.repeats) samples=\(count)")
    let drawn: RenderedFigure
    do {
      drawn = try clock.measure("render") {
        try figureFiles.render(
          figure, stem: "learning_curve", altText: altText, metadata: metadata)
      }
    } catch {
      throw Failure(exitCode: 74, message: "cannot draw the figure: \(error)")
    }
    var files = figureFiles.outputFiles(drawn)
    let json = Array(self.json.serialized().utf8)
    files.append(OutputFile(name: "learning_curve.json", bytes: json))
    let document = CurveDocument(
      frame: PageFrame(
        title: "How many labels are worth it? (\(data.fileName))",
        parameters: parameters,
        provenance: command.dataOptions.provenance(data),
        warnings: [],
        downloads: [
          Download.file(
            "learning_curve.json", contents: "every run's accuracy and the summary",
            bytes: json, embed: command.outputOptions.embed)
        ],
        timings: Stopwatch.footer(clock.timings()), json: "learning_curve.json"),
      values: (
        summary:
          "Accuracy on the unlabeled samples of \(count) shuffled samples of \(data.fileName), "
          + "for \(labeledCounts.map(String.init).joined(separator: ", ")) labeled "
          + "samples, each repeated with \(command.repeats) seeds; the band spans the lowest to "
          + "the highest run.",
        figure: figureFiles.reference(drawn),
        rows: result.summary.map {
          (
            model: $0.model, labeled: $0.labeled, runs: $0.runs, mean: $0.mean,
            standardDeviation: $0.standardDeviation, minimum: $0.minimum, maximum: $0.maximum,
            meanMacroF1: $0.meanMacroF1
          )
        }
      ))
    files.append(try templates.page(document))
    return files
  }

  /// Mean accuracy per model against the number of labels, with the min-max band.
  private var figure: LineChartFigure {
    let series = modelNames.map { model in
      let rows = result.summary(of: model)
      return LineChartFigure.Series(
        label: model, x: rows.map { Double($0.labeled) }, y: rows.map(\.mean),
        band: LineChartFigure.Band(lower: rows.map(\.minimum), upper: rows.map(\.maximum)),
        markers: true)
    }
    var chart = LineChartFigure(
      series: series, title: "Accuracy against the number of labels",
      xLabel: "labeled samples", yLabel: "accuracy on the unlabeled samples", xScale: .log,
      legend: .lowerRight)
    chart.xTicks = .values(labeledCounts.map(Double.init))
    return chart
  }

  private var parameters: [KeyValue] {
    var values = [
      KeyValue(
        key: "labeled", value: labeledCounts.map(String.init).joined(separator: ", ")),
      KeyValue(key: "seeds", value: "0 to \(command.repeats - 1)"),
      KeyValue(key: "samples", value: "\(count)"),
      // Listed with spaces, so that a narrow page wraps between the names, not inside one.
      KeyValue(
        key: "models",
        value: command.models.split(separator: ",").map {
          $0.trimmingCharacters(in: .whitespaces)
        }.joined(separator: ", ")),
      KeyValue(key: "kernel", value: command.graph.kernel.rawValue),
    ]
    if command.graph.kernel != .rbf {
      values.append(KeyValue(key: "neighbors", value: "\(command.graph.neighbors)"))
    }
    if command.graph.kernel != .knn {
      values.append(KeyValue(key: "gamma", value: "\(command.graph.gamma.value)"))
    }
    values.append(
      KeyValue(key: "standardized", value: command.dataOptions.standardize ? "yes" : "no"))
    return values
  }

  private var altText: String {
    let models = Array(Set(result.summary.map(\.model))).sorted()
    let parts = models.map { model -> String in
      let rows = result.summary(of: model)
      let first = rows.first.map { String(format: "%.3f at %d labels", $0.mean, $0.labeled) } ?? ""
      let last = rows.last.map { String(format: "%.3f at %d", $0.mean, $0.labeled) } ?? ""
      return "\(model) from \(first) to \(last)"
    }
    return "Mean accuracy: " + parts.joined(separator: "; ")
  }

  private var json: JSONValue {
    .object([
      (
        "data",
        .object(
          [
            ("source", .string(data.source)), ("sha256", .string(data.sha256)),
            ("standardized", .bool(command.dataOptions.standardize)),
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
      ("command", .string(RunCommandLine.current.typed)),
      JSONValue.tool,
    ])
  }
}
