import DataSets
import Foundation
import Learning
import Plotting
import Reporting

/// The files of `report tune`: tuning.json, the figure in each format, tuning.html.
struct TuneArtifacts {
  let result: TuningResult
  /// The selected samples the grid ran on.
  let data: DataSet
  /// The command line of the best setting.
  let command: RunCommandLine
  let options: OutputOptions
  let source: DataSet
  let dataOptions: DataOptions
  let defaultGammaNote: String?
  let clock: Stopwatch

  /// `rbf, gamma 0.01`, `knn, k 7` or `knn-rbf, k 7, gamma 0.01`.
  static func kernelText(_ kernel: Kernel) -> String {
    var text = kernel.name
    if let k = kernel.neighbors { text += ", k \(k)" }
    if let gamma = kernel.gamma { text += ", gamma \(gamma)" }
    return text
  }

  /// The grid's figure: a heatmap of the mean scores, graph values by alpha (and a
  /// column for propagation), or a line chart when one axis has a single value.
  func figure() -> any Figure {
    let tuning = result.tuning
    let kernels = tuning.kernels
    let spreading = tuning.variants.contains(.spreading)
    let propagation = tuning.variants.contains(.propagation)
    func cell(_ variant: GraphModelVariant, _ kernel: Kernel, _ alpha: Double?) -> TuningCell? {
      result.cells.first {
        $0.model.variant == variant && $0.model.kernel == kernel && $0.alpha == alpha
      }
    }
    var columns: [(label: String, variant: GraphModelVariant, alpha: Double?)] = []
    if spreading {
      columns += tuning.alphas.map { ("α \($0)", .spreading, $0) }
    }
    if propagation { columns.append(("propagation", .propagation, nil)) }
    let axisName = kernels.first?.gamma != nil && kernels.first?.neighbors == nil ? "gamma" : "k"
    let title = "Cross-validated accuracy (\(result.folds.count) folds)"
    if kernels.count > 1, columns.count > 1 {
      let values = kernels.map { kernel in
        columns.map { cell($0.variant, kernel, $0.alpha)?.mean ?? .nan }
      }
      return HeatmapFigure(
        values: values,
        cellTexts: values.map { $0.map { $0.isNaN ? "" : String(format: "%.2f", $0) } },
        rowLabels: kernels.map(Self.rowLabel), columnLabels: columns.map(\.label),
        xLabel: spreading
          ? "label spreading's alpha" + (propagation ? ", and propagation" : "")
          : "model",
        yLabel: kernels.first?.neighbors != nil && kernels.first?.gamma != nil
          ? "k, gamma" : axisName,
        title: title)
    }
    if columns.count == 1 || kernels.count > 1 {
      // One column: accuracy against the graph's value.
      let numeric = kernels.map { Double($0.neighbors ?? 0) + ($0.gamma ?? 0) }
      let series = columns.map { column in
        LineChartFigure.Series(
          label: column.variant == .spreading ? "spreading, \(column.label)" : column.label,
          x: numeric, y: kernels.map { cell(column.variant, $0, column.alpha)?.mean ?? .nan },
          markers: true)
      }
      return LineChartFigure(
        series: series, title: title, xLabel: axisName, yLabel: "mean accuracy on hidden labels",
        xScale: axisName == "gamma" && kernels.count > 1 ? .log : .linear)
    }
    // One graph: accuracy against alpha, propagation as a level line.
    let kernel = kernels[0]
    var series = [
      LineChartFigure.Series(
        label: "spreading, \(Self.rowLabel(kernel))", x: tuning.alphas,
        y: tuning.alphas.map { cell(.spreading, kernel, $0)?.mean ?? .nan }, markers: true)
    ]
    if propagation, let level = cell(.propagation, kernel, nil)?.mean {
      series.append(
        LineChartFigure.Series(
          label: "propagation (no alpha)", x: tuning.alphas,
          y: tuning.alphas.map { _ in level }))
    }
    return LineChartFigure(
      series: series, title: title, xLabel: "alpha", yLabel: "mean accuracy on hidden labels")
  }

  static func rowLabel(_ kernel: Kernel) -> String {
    switch kernel {
    case .rbf(let gamma): "\(gamma)"
    case .knn(let k): "\(k)"
    case .knnRBF(let k, let gamma): "\(k), \(gamma)"
    }
  }

  func json() -> JSONValue {
    func cellJSON(_ cell: TuningCell) -> [(String, JSONValue)] {
      [
        ("model", .string(cell.model.variant.rawValue)),
        ("kernel", .string(cell.model.kernel.name)),
        ("gamma", cell.model.kernel.gamma.map { .double($0) } ?? .null),
        ("neighbors", cell.model.kernel.neighbors.map { .int($0) } ?? .null),
        ("alpha", cell.alpha.map { .double($0) } ?? .null),
        ("max_iter", .int(cell.model.maxIterations)),
        ("cv_folds", .array(cell.foldAccuracies.map { .double($0) })),
        ("cv_fold_macro_f1", .array(cell.foldMacroF1.map { .double($0) })),
        ("cv_mean", .double(cell.mean)), ("cv_std", .double(cell.standardDeviation)),
        ("cv_macro_f1", .double(cell.macroF1)),
        ("cv_fits_not_converged", .int(cell.foldsNotConverged)),
        ("unlabeled_accuracy", cell.unlabeledAccuracy.map { .double($0) } ?? .null),
      ]
    }
    return .object([
      (
        "data",
        .object(
          [
            ("source", .string(source.source)), ("sha256", .string(source.sha256)),
            ("samples", .int(data.sampleCount)), ("labeled", .int(result.labeledCount)),
            ("scored_unlabeled", .int(result.scoredUnlabeledCount)),
            ("standardized", .bool(dataOptions.standardize)),
          ] + DataReadingText(data: data).jsonMembers)
      ),
      (
        "cross_validation",
        .object([
          ("splitter", .string("StratifiedKFold(shuffle=True)")),
          ("n_splits", .int(result.tuning.folds.folds)),
          ("random_state", .int(Int(result.tuning.folds.seed))),
          ("tol", .double(result.tuning.tolerance)),
        ])
      ),
      ("folds", .array(result.folds.map { .array($0.map { .int($0) }) })),
      ("cells", .array(result.cells.map { .object(cellJSON($0)) })),
      ("best", .object(cellJSON(result.best) + [("command", .string(command.typed))])),
      ("warnings", .array(result.warnings.map { .string($0) })),
      ("command", .string(RunCommandLine.current.typed)),
      (
        "tool", .object([("name", .string("report")), ("version", .string(ReportCommand.version))])
      ),
    ])
  }

  func files(templates: TemplateSet) throws -> [OutputFile] {
    let formats = options.figureFormats.compactMap { FigureFormat(rawValue: $0.rawValue) }
    let shown: FigureFormat = formats.contains(.png) || !formats.contains(.svg) ? .png : .svg
    let drawFormats = formats.contains(shown) ? formats : [shown] + formats
    let figure = self.figure()
    let metadata = FigureMetadata(
      title: "Tuning grid", software: "report \(ReportCommand.version)",
      description: "folds=\(result.folds.count) fold_seed=\(result.tuning.folds.seed) "
        + "best: \(command.shown.line)")
    var files: [OutputFile] = []
    do {
      try clock.measure("render") {
        for format in drawFormats {
          files.append(
            OutputFile(
              name: "tuning.\(format.fileExtension)",
              bytes: try figure.render(as: format, scale: options.scale.value, metadata: metadata))
          )
        }
      }
    } catch {
      throw Failure(exitCode: 74, message: "cannot draw the figure: \(error)")
    }
    let json = Array(json().serialized().utf8)
    files.append(OutputFile(name: "tuning.json", bytes: json))
    let shownBytes = files.first { $0.name == "tuning.\(shown.fileExtension)" }?.bytes ?? []
    var timings = clock.phases
    timings.append(("total", clock.totalMilliseconds))
    let best = result.best
    let document = TuningDocument(
      frame: PageFrame(
        title: "Choosing the settings by cross-validation (\(source.fileName))",
        parameters: parameters(),
        provenance: Provenance(
          source: source.fileName, sha256: source.sha256,
          licence: dataOptions.data == nil ? "CC BY 4.0" : nil,
          attribution: dataOptions.data == nil ? DataSet.digitsAttribution : nil,
          reading: DataReadingText(data: data).pageFacts),
        warnings: result.warnings,
        downloads: [
          Download.file(
            "tuning.json", contents: "every cell's fold scores, the folds and the best cell",
            bytes: json, embed: options.embed)
        ],
        timings: timings.map { KeyValue(key: $0.0, value: String(format: "%.1f ms", $0.1)) },
        json: "tuning.json"),
      values: (
        summary: "The \(result.labeledCount) labeled samples of \(data.sampleCount) were split "
          + "into \(result.folds.count) stratified folds; each setting was fitted once per fold "
          + "with that fold's labels hidden, and scored on them.",
        figure: FigureReference(
          kind: .other, href: "tuning.\(shown.fileExtension)",
          alt: "Mean cross-validated accuracy of \(result.cells.count) settings; best "
            + "\(best.model.variant.rawValue), \(Self.kernelText(best.model.kernel))"
            + (best.alpha.map { ", alpha \($0)" } ?? "") + String(format: " at %.3f", best.mean),
          width: Int(figure.size.width), height: Int(figure.size.height),
          dataURI: options.embed
            ? "data:\(shown.mimeType);base64,\(Data(shownBytes).base64EncodedString())" : nil,
          alternates: drawFormats.filter { $0 != shown }.map {
            AlternateFormat(format: $0.rawValue.uppercased(), href: "tuning.\($0.fileExtension)")
          }),
        rows: result.cells.map {
          (
            model: $0.model.variant.rawValue, kernel: Self.kernelText($0.model.kernel),
            alpha: $0.alpha, mean: $0.mean, standardDeviation: $0.standardDeviation,
            macroF1: $0.macroF1, unlabeledAccuracy: $0.unlabeledAccuracy
          )
        },
        bestIndex: result.bestIndex, bestCommand: command.shown.line,
        labeledCount: result.labeledCount, foldCount: result.folds.count,
        scoredUnlabeledCount: result.scoredUnlabeledCount
      ))
    do {
      let html = try templates.renderer.render(document)
      files.append(OutputFile(name: "tuning.html", bytes: Array(html.utf8)))
    } catch {
      throw Failure(exitCode: 66, message: error.description)
    }
    return files
  }

  private func parameters() -> [KeyValue] {
    let tuning = result.tuning
    var values = [
      KeyValue(key: "models", value: tuning.variants.map(\.rawValue).joined(separator: ", ")),
      KeyValue(key: "graphs", value: tuning.kernels.map(Self.kernelText).joined(separator: "; ")),
      KeyValue(key: "alphas", value: tuning.alphas.map { "\($0)" }.joined(separator: ", ")),
      KeyValue(key: "folds", value: "\(tuning.folds.folds) (fold seed \(tuning.folds.seed))"),
      KeyValue(key: "samples", value: "\(data.sampleCount)"),
      KeyValue(key: "labeled", value: "\(result.labeledCount)"),
      KeyValue(key: "standardized", value: dataOptions.standardize ? "yes" : "no"),
    ]
    if let defaultGammaNote { values.append(KeyValue(key: "default", value: defaultGammaNote)) }
    return values
  }
}
