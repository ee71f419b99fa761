import DataSets
import Foundation
import Learning
import Plotting
import Reporting

/// `queries.html` (and `queried_samples.png` for images): each queried sample as a person
/// can judge it, with the model's guess.
struct QueryPage {
  let command: QueryCommand
  let result: ExperimentResult
  let table: QueryTable
  let imageShape: ImageShape?
  let answers: ResolvedAnswers
  /// The data as read (before scaling), for the values a person recognises.
  let source: DataSet
  let csvBytes: [UInt8]

  func files(templates: TemplateSet) throws -> [OutputFile] {
    var files: [OutputFile] = []
    var figures: [FigureReference] = []
    if let shape = imageShape, !table.queried.isEmpty {
      let grid = ImageGridFigure(
        images: table.queried.map { Array(source.row($0.sourceIndex)) },
        imageHeight: shape.height, imageWidth: shape.width,
        titles: table.queried.enumerated().map { rank, query in
          "#\(rank + 1) row \(query.sourceIndex)\nguess: \(guess(query))"
        },
        suptitle: "Samples to label, first asked first",
        columns: min(5, table.queried.count),
        size: FigureSize(
          width: 700, height: max(260, Double((table.queried.count + 4) / 5) * 170 + 60)))
      let bytes: [UInt8]
      do {
        bytes = try grid.render(
          as: .png, scale: command.outputOptions.scale.value,
          metadata: FigureMetadata(
            title: "Samples to label", software: "report \(ReportCommand.version)",
            description: "strategy=\(table.strategy.rawValue) count=\(table.queried.count)"))
      } catch {
        throw Failure(exitCode: 74, message: "cannot draw the figures: \(error)")
      }
      files.append(OutputFile(name: "queried_samples.png", bytes: bytes))
      figures.append(
        FigureReference(
          kind: .other, href: "queried_samples.png",
          alt: "The \(table.queried.count) samples to label, as images, with the model's guesses",
          width: Int(grid.size.width), height: Int(grid.size.height),
          dataURI: command.outputOptions.embed
            ? "data:image/png;base64,\(Data(bytes).base64EncodedString())" : nil))
    }
    let document = QueriesDocument(
      frame: PageFrame(
        title: "Samples to label in \(source.fileName)",
        parameters: parameters,
        provenance: Provenance(
          source: source.fileName, sha256: source.sha256,
          licence: command.dataOptions.data == nil ? "CC BY 4.0" : nil,
          attribution: command.dataOptions.data == nil ? DataSet.digitsAttribution : nil,
          reading: DataReadingText(data: result.data).pageFacts),
        warnings: result.warnings,
        downloads: [
          Download.file(
            "queries.csv",
            contents: "the samples to label, with an empty label column to fill in",
            bytes: csvBytes, embed: command.outputOptions.embed)
        ],
        timings: [], json: nil),
      values: (
        summary: summary,
        nextCommand: command.nextCommand(answersFile: "answers.csv", forPage: true),
        figures: figures,
        featureNames: imageShape == nil ? source.featureNames : [],
        classNames: result.model.classes.map { result.data.classNames[$0] },
        queries: table.queried.enumerated().map { rank, query in
          (
            sample: UncertainSample(
              rank: rank + 1, index: query.sample, sourceIndex: query.sourceIndex,
              predicted: guess(query), truth: nil, entropy: query.entropy,
              topProbabilities: top(query),
              noLabelReached: result.model.hasEmptyDistribution(query.sample)),
            values: imageShape == nil ? Array(source.row(query.sourceIndex)) : [],
            classMeans: imageShape == nil ? classMeans : []
          )
        }
      ))
    do {
      let html = try templates.renderer.render(document)
      files.append(OutputFile(name: "queries.html", bytes: Array(html.utf8)))
    } catch {
      throw Failure(exitCode: 65, message: error.description)
    }
    return files
  }

  private func guess(_ query: QueriedSample) -> String {
    let text = table.predicted(query)
    return text.isEmpty ? "none" : text
  }

  private func top(_ query: QueriedSample) -> [ClassProbability] {
    let distribution = Array(result.model.distribution(query.sample))
    return distribution.indices.sorted {
      distribution[$0] > distribution[$1] || (distribution[$0] == distribution[$1] && $0 < $1)
    }.prefix(3).map {
      ClassProbability(
        label: result.data.classNames[result.model.classes[$0]], probability: distribution[$0])
    }
  }

  /// Per model class, the mean of each feature (as read) over the samples labeled with it.
  private var classMeans: [[Double]?] {
    result.model.classes.map { code in
      let rows = result.trainingLabels.indices.filter { result.trainingLabels[$0] == code }
      guard !rows.isEmpty else { return nil }
      var sums = [Double](repeating: 0, count: source.featureCount)
      for sample in rows {
        for (feature, value) in source.row(result.sourceIndices[sample]).enumerated() {
          sums[feature] += value
        }
      }
      return sums.map { $0 / Double(rows.count) }
    }
  }

  private var summary: String {
    let strategyText =
      switch table.strategy {
      case .entropy: "whose predicted label distribution has the highest entropy"
      case .margin: "whose two most probable classes are closest"
      case .random: "chosen at random (the baseline the other strategies must beat)"
      }
    return
      "\(result.experiment.model.variant.displayName) learned from \(result.labeledCount) "
      + "labeled of \(result.data.sampleCount) samples. These \(table.queried.count) unlabeled "
      + "samples are the ones \(strategyText): a person's answer teaches the model most there."
  }

  private var parameters: [KeyValue] {
    let model = result.experiment.model
    var values = [
      KeyValue(key: "model", value: model.variant.rawValue),
      KeyValue(key: "kernel", value: model.kernel.name),
      KeyValue(key: "strategy", value: table.strategy.rawValue),
      KeyValue(key: "seed", value: "\(result.experiment.seed)"),
      KeyValue(key: "samples", value: "\(result.data.sampleCount)"),
      KeyValue(key: "labeled", value: "\(result.labeledCount)"),
      KeyValue(key: "standardized", value: result.experiment.standardize ? "yes" : "no"),
    ]
    if let line = answers.summary(used: result.answeredSamples.count) {
      values.append(KeyValue(key: "answers", value: line))
    }
    return values
  }
}
