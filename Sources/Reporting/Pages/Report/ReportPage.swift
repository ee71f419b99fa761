import Foundation

/// What `report.mustache` reads beside the frame: the document with every number formatted and
/// every choice made (which figure goes in which section, which residuals the table lists).
extension ReportPage {
  /// Checks the values and formats them for the template.
  public static func content(of values: Values) throws(ReportingError) -> PageContent {
    try validate(values)
    let summary = values.summary
    let pageFigures = values.figures.map(Self.figure)
    var figuresByKind: [FigureReference.Kind: PageFigure] = [:]
    var otherFigures: [PageFigure] = []
    for figure in pageFigures {
      let kind = figure.reference.kind
      if kind != .other, figuresByKind[kind] == nil {
        figuresByKind[kind] = figure
      } else {
        otherFigures.append(figure)
      }
    }
    let view: TemplateView = [
      "summary": [
        "model": summary.model,
        "kernel": summary.kernel,
        "dataset": summary.dataset,
        "samples": NumberFormatting.count(summary.samples, "sample"),
        "labeled": NumberFormatting.count(summary.labeled, "labeled sample"),
        "unlabeled": NumberFormatting.count(summary.unlabeled, "unlabeled sample"),
        "classes": NumberFormatting.count(summary.classes, "class", plural: "classes"),
      ] as TemplateView,
      "accuracy": values.accuracy.map {
        [
          "percent": NumberFormatting.percent($0),
          "fraction": NumberFormatting.fixed($0, digits: 3),
          "scoredSamples": NumberFormatting.count(
            values.classificationReport?.rows.first { $0.label == "accuracy" }?.support
              ?? summary.unlabeled, "unlabeled sample"),
        ] as TemplateView
      },
      "convergence": [
        "iterations": NumberFormatting.count(values.iterations, "iteration"),
        "iterationCount": values.iterations,
        "finalResidual": values.residuals.last.map(NumberFormatting.significant),
        "converged": values.converged,
        "maxIterations": values.maxIterations,
        "tolerance": values.tolerance.map(NumberFormatting.significant),
        "residuals": Self.residuals(values.residuals),
        "hasResiduals": !values.residuals.isEmpty,
        // Which rows a long table keeps, when it does not list every iteration.
        "residualsSummary": Self.residualsSummary(values.residuals.count),
      ] as TemplateView,
      "classificationReport": values.classificationReport,
      "reportText": values.reportText,
      "residualFigure": figuresByKind[.residuals],
      "confusionFigure": figuresByKind[.confusionMatrix],
      "uncertainFigure": figuresByKind[.uncertainSamples],
      "otherFigures": otherFigures,
      "uncertainSamples": values.uncertainSamples.map(Self.view(of:)),
      "hasUncertainSamples": !values.uncertainSamples.isEmpty,
      "samplesHaveTruth": values.uncertainSamples.contains { $0.truth != nil },
      "samplesHaveSourceIndex": values.uncertainSamples.contains { $0.sourceIndex != nil },
      "classBalance": Self.balance(values.classBalance),
      "hasClassBalance": !values.classBalance.isEmpty,
      "balanceHasActual": values.classBalance.contains { $0.actual != nil },
      "generatedAt": values.generatedAt,
      "findings": values.findings.map {
        ["headline": $0.headline, "detail": $0.detail, "isCaution": $0.tone == .caution]
          as TemplateView
      },
      "hasFindings": !values.findings.isEmpty,
    ]
    return PageContent(view: view, figures: pageFigures)
  }

  private static func validate(_ values: Values) throws(ReportingError) {
    try DocumentChecks.fraction(values.accuracy, "accuracy")
    try PageFigure.validate(values.figures)
    try values.classificationReport?.validate()
  }

  /// The change of each listed iteration (`IterationSelection`), numbered from 1, with bars
  /// on a log scale so that the fall over several decades stays visible.
  private static func residuals(_ values: [Double]) -> [TemplateView] {
    let logs = values.map { $0 > 0 && $0.isFinite ? log10($0) : nil }
    let present = logs.compactMap { $0 }
    let low = (present.min() ?? 0) - 1
    let high = present.max() ?? 0
    var previous = 0
    return IterationSelection(count: values.count).iterations.map { iteration in
      let fraction = logs[iteration - 1].map { high > low ? ($0 - low) / (high - low) : 1 } ?? 0
      let skipped = iteration - previous - 1
      previous = iteration
      return [
        "iteration": iteration, "value": NumberFormatting.significant(values[iteration - 1]),
        "bar": NumberFormatting.barWidth(fraction),
        // How many iterations the table skips before this row, when it skips any.
        "skippedBefore": skipped > 0 ? NumberFormatting.count(skipped, "iteration") : nil,
      ]
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
  private static func figure(_ reference: FigureReference) -> PageFigure {
    PageFigure(reference: reference, heading: heading(reference))
  }

  private static func heading(_ reference: FigureReference) -> String {
    switch reference.kind {
    case .confusionMatrix: "Confusion matrix"
    case .uncertainSamples: "Uncertain predictions"
    case .residuals: "Residual per iteration"
    case .other: reference.caption ?? "Figure"
    }
  }

  private static func view(of sample: UncertainSample) -> TemplateView {
    [
      "rank": sample.rank,
      "index": sample.index,
      "sampleSourceIndex": sample.sourceIndex.map(String.init),
      "predicted": sample.predicted,
      "sampleTruth": sample.truth,
      "isCorrect": sample.truth.map { $0 == sample.predicted } ?? false,
      "isWrong": sample.truth.map { $0 != sample.predicted } ?? false,
      "entropy": sample.noLabelReached
        ? "none: no label reached it" : NumberFormatting.fixed(sample.entropy, digits: 3),
      "probabilities": sample.topProbabilities.prefix(3).map {
        [
          "label": $0.label, "value": NumberFormatting.fixed($0.probability, digits: 2),
          "bar": NumberFormatting.barWidth($0.probability),
        ] as TemplateView
      },
    ]
  }

  /// Class counts with bars for each class's share of the labeled and of the predicted samples,
  /// on one scale, so a class the labels under-represent shows as a shorter labeled bar.
  private static func balance(_ counts: [ClassCount]) -> [TemplateView] {
    let labeledTotal = Double(max(counts.reduce(0) { $0 + $1.labeled }, 1))
    let predictedTotal = Double(max(counts.reduce(0) { $0 + $1.predicted }, 1))
    let shares = counts.map {
      (Double($0.labeled) / labeledTotal, Double($0.predicted) / predictedTotal)
    }
    let largestShare = shares.map { max($0.0, $0.1) }.max() ?? 1
    let scale = largestShare > 0 ? largestShare : 1
    return zip(counts, shares).map { count, share in
      [
        "label": count.label,
        "labeled": count.labeled,
        "predicted": count.predicted,
        "balanceActual": count.actual.map(String.init),
        "labeledBar": NumberFormatting.barWidth(share.0 / scale),
        "predictedBar": NumberFormatting.barWidth(share.1 / scale),
      ] as TemplateView
    }
  }
}
