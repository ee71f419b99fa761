/// What `tuning.mustache` reads beside the frame: the grid with its best cell, and how many
/// labels each fold hides.
extension TuningPage {
  public static func content(of values: Values) throws(ReportingError) -> PageContent {
    let rows = values.rows
    let bestIndex = values.bestIndex
    try PageFigure.validate(values.figure.map { [$0] } ?? [])
    guard rows.indices.contains(bestIndex) else {
      throw .invalidDocument(reason: "the best cell \(bestIndex) is not in the grid")
    }
    let tuningFigure = values.figure.map {
      PageFigure(reference: $0, heading: $0.caption ?? "Tuning grid")
    }
    let hasUnlabeled = rows.contains { $0.unlabeledAccuracy != nil }
    let best = rows[bestIndex]
    let perFold = Double(values.labeledCount) / Double(max(values.foldCount, 1))
    let view: TemplateView = [
      "summary": values.summary,
      "tuningFigure": tuningFigure,
      "rows": rows.enumerated().map { index, row in
        [
          "model": row.model, "kernel": row.kernel,
          "alpha": row.alpha.map { NumberFormatting.significant($0) } ?? "—",
          "mean": NumberFormatting.decimals(row.mean),
          "spread": "± " + NumberFormatting.decimals(row.standardDeviation),
          "macroF1": NumberFormatting.decimals(row.macroF1),
          "unlabeled": row.unlabeledAccuracy.map { NumberFormatting.decimals($0) } ?? "—",
          // Whether the row shows the unlabeled accuracy column (the page's `hasUnlabeled`).
          "rowHasUnlabeled": hasUnlabeled, "isBest": index == bestIndex,
        ] as TemplateView
      },
      "hasUnlabeled": hasUnlabeled,
      "bestSetting": "\(best.model), \(best.kernel)"
        + (best.alpha.map { ", alpha \(NumberFormatting.significant($0))" } ?? ""),
      "bestMean": NumberFormatting.decimals(best.mean),
      "bestPercent": NumberFormatting.percent(best.mean),
      "bestCommand": values.bestCommand,
      "labeledText": NumberFormatting.count(values.labeledCount, "labeled sample"),
      "foldText": NumberFormatting.count(values.foldCount, "fold"),
      "perFoldText": NumberFormatting.fixed(perFold, digits: 0),
      "unlabeledText": NumberFormatting.count(values.scoredUnlabeledCount, "unlabeled sample"),
    ]
    return PageContent(view: view, figures: tuningFigure.map { [$0] } ?? [])
  }
}
