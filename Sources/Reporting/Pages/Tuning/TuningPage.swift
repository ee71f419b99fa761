/// What `tuning.mustache` reads beside the frame.
struct TuningPage: Encodable {
  struct Row: Encodable {
    var model: String
    var kernel: String
    var alpha: String
    var mean: String
    var spread: String
    var macroF1: String
    var unlabeled: String
    /// Whether the row shows the unlabeled accuracy column (the page's `hasUnlabeled`).
    var rowHasUnlabeled: Bool
    var isBest: Bool
  }

  var summary: String
  var tuningFigure: PageFigure?
  var rows: [Row]
  var hasUnlabeled: Bool
  var bestSetting: String
  var bestMean: String
  var bestPercent: String
  var bestCommand: String
  var labeledText: String
  var foldText: String
  var perFoldText: String
  var unlabeledText: String
}

extension TuningPage {
  init(_ document: TuningDocument) throws(ReportingError) {
    try PageFigure.validate(document.figure.map { [$0] } ?? [])
    guard document.rows.indices.contains(document.bestIndex) else {
      throw .invalidDocument(reason: "the best cell \(document.bestIndex) is not in the grid")
    }
    summary = document.summary
    tuningFigure = document.figure.map { PageFigure($0, heading: $0.caption ?? "Tuning grid") }
    let hasUnlabeled = document.rows.contains { $0.unlabeledAccuracy != nil }
    self.hasUnlabeled = hasUnlabeled
    rows = document.rows.enumerated().map { index, row in
      Row(
        model: row.model, kernel: row.kernel,
        alpha: row.alpha.map { NumberFormatting.significant($0) } ?? "—",
        mean: NumberFormatting.decimals(row.mean),
        spread: "± " + NumberFormatting.decimals(row.standardDeviation),
        macroF1: NumberFormatting.decimals(row.macroF1),
        unlabeled: row.unlabeledAccuracy.map { NumberFormatting.decimals($0) } ?? "—",
        rowHasUnlabeled: hasUnlabeled, isBest: index == document.bestIndex)
    }
    let best = document.rows[document.bestIndex]
    bestSetting =
      "\(best.model), \(best.kernel)"
      + (best.alpha.map { ", alpha \(NumberFormatting.significant($0))" } ?? "")
    bestMean = NumberFormatting.decimals(best.mean)
    bestPercent = NumberFormatting.percent(best.mean)
    bestCommand = document.bestCommand
    labeledText = NumberFormatting.count(document.labeledCount, "labeled sample")
    foldText = NumberFormatting.count(document.foldCount, "fold")
    let perFold = Double(document.labeledCount) / Double(max(document.foldCount, 1))
    perFoldText = NumberFormatting.fixed(perFold, digits: 0)
    unlabeledText = NumberFormatting.count(document.scoredUnlabeledCount, "unlabeled sample")
  }
}
