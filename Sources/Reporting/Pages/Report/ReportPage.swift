import Foundation

/// What `report.mustache` reads beside the frame (`FrameView`): the document with every number
/// formatted and every choice made.
///
/// The templates see its stored properties, by their names (`MustacheTree` encodes it into
/// dictionaries); and when a name is missing Mustache looks in the enclosing sections, so
/// optional properties have names that no enclosing value uses.
struct ReportPage: Encodable {
  struct Summary: Encodable {
    var model: String
    var kernel: String?
    var dataset: String
    var samples: String
    var labeled: String
    var unlabeled: String
    var classes: String
  }

  struct Accuracy: Encodable {
    var percent: String
    var fraction: String
    var scoredSamples: String
  }

  struct Residual: Encodable {
    var iteration: Int
    var value: String
    var bar: String
    /// How many iterations the table skips before this row, when it skips any.
    var skippedBefore: String?
  }

  struct Convergence: Encodable {
    var iterations: String
    var iterationCount: Int
    var finalResidual: String?
    var converged: Bool
    var maxIterations: Int
    var tolerance: String?
    var residuals: [Residual]
    var hasResiduals: Bool
    /// Which rows a long table keeps, when it does not list every iteration.
    var residualsSummary: String?
  }

  struct Probability: Encodable {
    var label: String
    var value: String
    var bar: String
  }

  struct Sample: Encodable {
    var rank: Int
    var index: Int
    var sampleSourceIndex: String?
    var predicted: String
    var sampleTruth: String?
    var isCorrect: Bool
    var isWrong: Bool
    var entropy: String
    var probabilities: [Probability]
  }

  struct FindingView: Encodable {
    var headline: String
    var detail: String
    var isCaution: Bool
  }

  struct Balance: Encodable {
    var label: String
    var labeled: Int
    var predicted: Int
    var balanceActual: String?
    var labeledBar: String
    var predictedBar: String
  }

  var summary: Summary
  var accuracy: Accuracy?
  var convergence: Convergence
  var residualFigure: PageFigure?
  var classificationReport: MetricsTable?
  var reportText: String?
  var confusionFigure: PageFigure?
  var uncertainFigure: PageFigure?
  var uncertainSamples: [Sample]
  var hasUncertainSamples: Bool
  var samplesHaveTruth: Bool
  var samplesHaveSourceIndex: Bool
  var classBalance: [Balance]
  var hasClassBalance: Bool
  var balanceHasActual: Bool
  var otherFigures: [PageFigure]
  var generatedAt: String?
  var findings: [FindingView]
  var hasFindings: Bool
}

extension ReportPage {
  /// Checks the document and formats it for the templates.
  init(_ document: ReportDocument) throws(ReportingError) {
    try Self.validate(document)
    let summary = document.summary
    self.summary = Summary(
      model: summary.model,
      kernel: summary.kernel,
      dataset: summary.dataset,
      samples: NumberFormatting.count(summary.samples, "sample"),
      labeled: NumberFormatting.count(summary.labeled, "labeled sample"),
      unlabeled: NumberFormatting.count(summary.unlabeled, "unlabeled sample"),
      classes: NumberFormatting.count(summary.classes, "class", plural: "classes"))
    accuracy = document.accuracy.map {
      Accuracy(
        percent: NumberFormatting.percent($0),
        fraction: NumberFormatting.fixed($0, digits: 3),
        scoredSamples: NumberFormatting.count(
          document.classificationReport?.rows.first { $0.label == "accuracy" }?.support
            ?? summary.unlabeled, "unlabeled sample"))
    }
    convergence = Convergence(
      iterations: NumberFormatting.count(document.iterations, "iteration"),
      iterationCount: document.iterations,
      finalResidual: document.residuals.last.map(NumberFormatting.significant),
      converged: document.converged,
      maxIterations: document.maxIterations,
      tolerance: document.tolerance.map(NumberFormatting.significant),
      residuals: Self.residuals(document.residuals),
      hasResiduals: !document.residuals.isEmpty,
      residualsSummary: Self.residualsSummary(document.residuals.count))
    classificationReport = document.classificationReport.map(MetricsTable.init)
    reportText = document.reportText

    var figuresByKind: [FigureReference.Kind: PageFigure] = [:]
    var otherFigures: [PageFigure] = []
    for reference in document.figures {
      let figure = Self.figure(reference)
      if reference.kind != .other, figuresByKind[reference.kind] == nil {
        figuresByKind[reference.kind] = figure
      } else {
        otherFigures.append(figure)
      }
    }
    residualFigure = figuresByKind[.residuals]
    confusionFigure = figuresByKind[.confusionMatrix]
    uncertainFigure = figuresByKind[.uncertainSamples]
    self.otherFigures = otherFigures

    uncertainSamples = document.uncertainSamples.map(Self.sample)
    hasUncertainSamples = !document.uncertainSamples.isEmpty
    samplesHaveTruth = document.uncertainSamples.contains { $0.truth != nil }
    samplesHaveSourceIndex = document.uncertainSamples.contains { $0.sourceIndex != nil }

    classBalance = Self.balance(document.classBalance)
    hasClassBalance = !document.classBalance.isEmpty
    balanceHasActual = document.classBalance.contains { $0.actual != nil }

    generatedAt = document.generatedAt
    findings = document.findings.map {
      FindingView(headline: $0.headline, detail: $0.detail, isCaution: $0.tone == .caution)
    }
    hasFindings = !document.findings.isEmpty
  }

  private static func validate(_ document: ReportDocument) throws(ReportingError) {
    try DocumentChecks.fraction(document.accuracy, "accuracy")
    try PageFigure.validate(document.figures)
    if let table = document.classificationReport { try MetricsTable.validate(table) }
  }

  /// The change of each listed iteration (`IterationSelection`), numbered from 1, with bars
  /// on a log scale so that the fall over several decades stays visible.
  private static func residuals(_ values: [Double]) -> [Residual] {
    let logs = values.map { $0 > 0 && $0.isFinite ? log10($0) : nil }
    let present = logs.compactMap { $0 }
    let low = (present.min() ?? 0) - 1
    let high = present.max() ?? 0
    var previous = 0
    return IterationSelection(count: values.count).iterations.map { iteration in
      let fraction = logs[iteration - 1].map { high > low ? ($0 - low) / (high - low) : 1 } ?? 0
      let skipped = iteration - previous - 1
      previous = iteration
      return Residual(
        iteration: iteration, value: NumberFormatting.significant(values[iteration - 1]),
        bar: NumberFormatting.barWidth(fraction),
        skippedBefore: skipped > 0 ? NumberFormatting.count(skipped, "iteration") : nil)
    }
  }

  /// What a shortened residual table lists, or nil when it lists every iteration.
  private static func residualsSummary(_ count: Int) -> String? {
    let selection = IterationSelection(count: count)
    guard selection.iterations.count < count else { return nil }
    let every = selection.step == 2 ? "second" : "\(selection.step)th"
    return "\(count) iterations: the table lists the first three, every \(every) and "
      + "the last two; the figure shows them all, and metrics.json has every value."
  }

  /// A figure of the report, with the heading of its section.
  static func figure(_ reference: FigureReference) -> PageFigure {
    PageFigure(reference, heading: heading(reference))
  }

  private static func heading(_ reference: FigureReference) -> String {
    switch reference.kind {
    case .confusionMatrix: "Confusion matrix"
    case .uncertainSamples: "Uncertain predictions"
    case .residuals: "Residual per iteration"
    case .other: reference.caption ?? "Figure"
    }
  }

  private static func sample(_ sample: UncertainSample) -> Sample {
    Sample(
      rank: sample.rank,
      index: sample.index,
      sampleSourceIndex: sample.sourceIndex.map(String.init),
      predicted: sample.predicted,
      sampleTruth: sample.truth,
      isCorrect: sample.truth.map { $0 == sample.predicted } ?? false,
      isWrong: sample.truth.map { $0 != sample.predicted } ?? false,
      entropy: sample.noLabelReached
        ? "none: no label reached it" : NumberFormatting.fixed(sample.entropy, digits: 3),
      probabilities: sample.topProbabilities.prefix(3).map {
        Probability(
          label: $0.label, value: NumberFormatting.fixed($0.probability, digits: 2),
          bar: NumberFormatting.barWidth($0.probability))
      })
  }

  /// Class counts with bars for each class's share of the labeled and of the predicted samples,
  /// on one scale, so a class the labels under-represent shows as a shorter labeled bar.
  private static func balance(_ counts: [ClassCount]) -> [Balance] {
    let labeledTotal = Double(max(counts.reduce(0) { $0 + $1.labeled }, 1))
    let predictedTotal = Double(max(counts.reduce(0) { $0 + $1.predicted }, 1))
    let shares = counts.map {
      (Double($0.labeled) / labeledTotal, Double($0.predicted) / predictedTotal)
    }
    let largestShare = shares.map { max($0.0, $0.1) }.max() ?? 1
    let scale = largestShare > 0 ? largestShare : 1
    return zip(counts, shares).map { count, share in
      Balance(
        label: count.label,
        labeled: count.labeled,
        predicted: count.predicted,
        balanceActual: count.actual.map(String.init),
        labeledBar: NumberFormatting.barWidth(share.0 / scale),
        predictedBar: NumberFormatting.barWidth(share.1 / scale))
    }
  }
}
