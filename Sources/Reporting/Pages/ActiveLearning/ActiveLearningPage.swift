/// What `active_learning.mustache` reads beside the frame: the rounds with their scores,
/// confusion matrices and chosen samples, the latest score, the comparison with random sampling
/// and the round that waits for a person.
extension ActiveLearningPage {
  /// Number of tint levels of a confusion cell with a count above zero.
  static let tintLevels = 5

  public static func content(of values: Values) throws(ReportingError) -> PageContent {
    let rounds = values.rounds
    try PageFigure.validate(values.figures)
    let pageFigures = values.figures.map {
      PageFigure(reference: $0, heading: $0.caption ?? "Figure")
    }
    var roundViews: [TemplateView] = []
    for round in rounds {
      roundViews.append(try Self.view(of: round))
    }
    let labeled = rounds.map(\.labeled)
    let last = rounds.last
    let latest = last.flatMap { round in
      round.accuracy.map {
        [
          "latestPercent": NumberFormatting.percent($0),
          "latestFraction": NumberFormatting.decimals($0), "latestRound": round.round,
          "latestLabels": NumberFormatting.count(round.labeled, "label"),
        ] as TemplateView
      }
    }
    let view: TemplateView = [
      "summary": values.summary,
      "baseline": try values.comparison.map(Self.view(of:)),
      "waiting": values.waiting.map {
        [
          "waitingRound": $0.round,
          "waitingQueries": NumberFormatting.count($0.queries, "sample"),
          "waitingFile": $0.answersFile, "waitingCommand": $0.nextCommand,
        ] as TemplateView
      },
      "roundCount": NumberFormatting.count(rounds.count, "round"),
      "labelRange": labeled.first.flatMap { first in
        labeled.last.flatMap { first != $0 ? "\(first) → \($0) labels" : nil }
      },
      "latest": latest,
      "latestUnmeasured": last != nil && latest == nil,
      "pageFigures": pageFigures,
      "hasFigures": !pageFigures.isEmpty,
      "rounds": roundViews,
    ]
    return PageContent(view: view, figures: pageFigures)
  }

  private static func view(
    of comparison: Comparison
  ) throws(ReportingError) -> TemplateView {
    var rows: [TemplateView] = []
    for row in comparison.rows {
      for (value, name) in [
        (row.accuracy, "accuracy"), (row.baselineAccuracy, "random accuracy"),
        (row.macroF1, "macro F1"), (row.baselineMacroF1, "random macro F1"),
      ] {
        try DocumentChecks.fraction(value, "baseline round \(row.round) \(name)")
      }
      let text = { (value: Double?) in value.map(NumberFormatting.decimals) ?? "—" }
      rows.append([
        "rowRound": row.round, "rowLabels": row.labeled, "rowAccuracy": text(row.accuracy),
        "rowRandomAccuracy": text(row.baselineAccuracy), "rowMacroF1": text(row.macroF1),
        "rowRandomMacroF1": text(row.baselineMacroF1),
        // Whether uncertainty sampling's accuracy is above random sampling's in this round.
        "rowAhead": (row.accuracy ?? 0) > (row.baselineAccuracy ?? 1),
      ])
    }
    return [
      "baselineRows": rows, "baselineBeat": comparison.beat,
      "baselineVerdict": comparison.verdict, "baselineNote": comparison.note,
    ]
  }

  private static func view(of round: Round) throws(ReportingError) -> TemplateView {
    try DocumentChecks.fraction(round.accuracy, "round \(round.round) accuracy")
    try DocumentChecks.fraction(round.macroF1, "round \(round.round) macro F1")
    var matrix: TemplateView?
    if let counts = round.confusion {
      matrix = try Self.matrix(counts, labels: round.confusionLabels, round: round.round)
    }
    try round.report?.validate()
    return [
      "roundNumber": round.round,
      "roundAnchor": "round-\(round.round)",
      "roundLabels": NumberFormatting.count(round.labeled, "label"),
      "roundAccuracy": round.accuracy.map(NumberFormatting.decimals),
      "roundAccuracyPercent": round.accuracy.map(NumberFormatting.percent),
      "roundMacroF1": round.macroF1.map(NumberFormatting.decimals),
      "roundMetrics": round.report,
      "roundReportText": round.reportText,
      "matrix": matrix,
      "chosen": round.chosen.map { sample in
        [
          "index": sample.index, "sourceIndex": sample.sourceIndex,
          "predicted": sample.predicted, "chosenTruth": sample.truth,
          "isCorrect": sample.truth.map { $0 == sample.predicted } ?? false,
          "isWrong": sample.truth.map { $0 != sample.predicted } ?? false,
          "entropy": NumberFormatting.decimals(sample.entropy),
        ] as TemplateView
      },
      "hasChosen": !round.chosen.isEmpty,
      "chosenHaveTruth": round.chosen.contains { $0.truth != nil },
      "chosenCount": NumberFormatting.count(round.chosen.count, "sample"),
    ]
  }

  /// The confusion matrix with a tint class for each cell.
  ///
  /// A cell's class is `cm-d` on the diagonal, `cm-o` off it, and a level `cm-0` (no samples)
  /// to `cm-5` (`tintLevels`). The diagonal and the rest are scaled separately, each to its own
  /// largest count: the correct counts dwarf the confusions, which would otherwise all look
  /// alike, although the largest of them matter most.
  private static func matrix(
    _ counts: [[Int]], labels: [String], round: Int
  ) throws(ReportingError) -> TemplateView {
    guard counts.count == labels.count, counts.allSatisfy({ $0.count == labels.count }) else {
      throw .invalidDocument(
        reason: "round \(round): the confusion matrix must have one row and one column for "
          + "each of the \(labels.count) labels")
    }
    guard counts.allSatisfy({ $0.allSatisfy { $0 >= 0 } }) else {
      throw .invalidDocument(reason: "round \(round): the confusion matrix has a negative count")
    }
    var largestCorrect = 0
    var largestConfusion = 0
    for (truth, row) in counts.enumerated() {
      for (predicted, count) in row.enumerated() {
        if truth == predicted {
          largestCorrect = max(largestCorrect, count)
        } else {
          largestConfusion = max(largestConfusion, count)
        }
      }
    }
    func level(_ count: Int, of largest: Int) -> Int {
      guard count > 0 else { return 0 }
      return max(1, Int((Double(tintLevels * count) / Double(largest)).rounded(.up)))
    }
    let rows = counts.enumerated().map { truth, row in
      [
        "rowLabel": labels[truth],
        "cells": row.enumerated().map { predicted, count in
          let cellClass =
            truth == predicted
            ? "cm-d cm-\(level(count, of: largestCorrect))"
            : "cm-o cm-\(level(count, of: largestConfusion))"
          return ["count": count, "cellClass": cellClass] as TemplateView
        },
      ] as TemplateView
    }
    let total = counts.reduce(0) { $0 + $1.reduce(0, +) }
    let correct = counts.indices.reduce(0) { $0 + counts[$1][$1] }
    return [
      "matrixLabels": labels, "matrixRows": rows,
      "matrixTotal": NumberFormatting.count(total, "sample"),
      "matrixCorrect": String(correct),
    ]
  }
}
