import Foundation

/// What `learning_curve.mustache` reads beside the frame.
///
/// Its names sit beside the frame's (`FrameView`). Names of optional values are unique on the
/// page, because Mustache looks a missing name up in the enclosing sections.
struct CurvePage: Encodable {
  struct Row: Encodable {
    var isFirstOfModel: Bool
    var labeled: Int
    var runs: Int
    var mean: String
    var spread: String
    var minimum: String
    var maximum: String
    var meanMacroF1: String
    /// The range bar's positions as CSS percentages: min, max, mean - std, mean + std, mean.
    var rangeStyle: String
  }

  struct ModelGroup: Encodable {
    var groupModel: String
    var groupSize: Int
    var groupRows: [Row]
  }

  struct Best: Encodable {
    var bestMean: String
    var bestPercent: String
    var bestModel: String
    var bestLabeled: String
  }

  var summary: String
  var best: Best?
  var modelCount: String
  var budgetCount: String
  var curveFigure: PageFigure?
  var groups: [ModelGroup]
  var hasRows: Bool
  var scaleLow: String
  var scaleHigh: String
}

extension CurvePage {
  init(_ document: CurveDocument) throws(ReportingError) {
    try PageFigure.validate(document.figure.map { [$0] } ?? [])
    summary = document.summary
    let rows = document.rows
    var models: [String] = []
    for row in rows where !models.contains(row.model) { models.append(row.model) }
    modelCount = NumberFormatting.count(models.count, "model")
    budgetCount = NumberFormatting.count(Set(rows.map(\.labeled)).count, "label budget")
    best = rows.filter(\.mean.isFinite).max { $0.mean < $1.mean }.map {
      Best(
        bestMean: NumberFormatting.decimals($0.mean),
        bestPercent: NumberFormatting.percent($0.mean),
        bestModel: $0.model, bestLabeled: NumberFormatting.count($0.labeled, "label"))
    }
    curveFigure = document.figure.map { PageFigure($0, heading: $0.caption ?? "Learning curve") }

    let scale = Self.scale(rows)
    scaleLow = NumberFormatting.fixed(scale.lowerBound, digits: 2)
    scaleHigh = NumberFormatting.fixed(scale.upperBound, digits: 2)
    func position(_ value: Double) -> String {
      NumberFormatting.barWidth((value - scale.lowerBound) / (scale.upperBound - scale.lowerBound))
    }
    groups = models.map { model in
      let members = rows.filter { $0.model == model }
      return ModelGroup(
        groupModel: model, groupSize: members.count,
        groupRows: members.enumerated().map { offset, row in
          let positions = [
            row.minimum, row.maximum, row.mean - row.standardDeviation,
            row.mean + row.standardDeviation, row.mean,
          ].map(position)
          let style = zip(["--lo", "--hi", "--sd-lo", "--sd-hi", "--mean"], positions)
            .map { "\($0): \($1)" }.joined(separator: "; ")
          return Row(
            isFirstOfModel: offset == 0, labeled: row.labeled, runs: row.runs,
            mean: NumberFormatting.decimals(row.mean),
            spread: "± " + NumberFormatting.decimals(row.standardDeviation),
            minimum: NumberFormatting.decimals(row.minimum),
            maximum: NumberFormatting.decimals(row.maximum),
            meanMacroF1: NumberFormatting.decimals(row.meanMacroF1), rangeStyle: style)
        })
    }
    hasRows = !rows.isEmpty
  }

  /// The accuracies the range bars span: the rows' lowest and highest values widened to tenths,
  /// inside 0...1, so that small differences between rows stay visible.
  private static func scale(_ rows: [CurveTableRow]) -> ClosedRange<Double> {
    let values = rows.flatMap { [$0.minimum, $0.maximum, $0.mean] }.filter(\.isFinite)
    guard let low = values.min(), let high = values.max() else { return 0...1 }
    let lower = min(max((low * 10).rounded(.down) / 10, 0), 0.9)
    let upper = max(min((high * 10).rounded(.up) / 10, 1), lower + 0.1)
    return lower...upper
  }
}
