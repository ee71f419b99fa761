import Foundation

/// What `learning_curve.mustache` reads beside the frame: the rows grouped by model, with range
/// bars on one scale.
extension CurvePage {
  public static func content(of values: Values) throws(ReportingError) -> PageContent {
    let rows = values.rows
    try PageFigure.validate(values.figure.map { [$0] } ?? [])
    var models: [String] = []
    for row in rows where !models.contains(row.model) { models.append(row.model) }
    let best = rows.filter(\.mean.isFinite).max { $0.mean < $1.mean }
    let curveFigure = values.figure.map {
      PageFigure(reference: $0, heading: $0.caption ?? "Learning curve")
    }
    let scale = Self.scale(rows)
    let view: TemplateView = [
      "summary": values.summary,
      "modelCount": NumberFormatting.count(models.count, "model"),
      "budgetCount": NumberFormatting.count(Set(rows.map(\.labeled)).count, "label budget"),
      "best": best.map {
        [
          "bestMean": NumberFormatting.decimals($0.mean),
          "bestPercent": NumberFormatting.percent($0.mean),
          "bestModel": $0.model, "bestLabeled": NumberFormatting.count($0.labeled, "label"),
        ] as TemplateView
      },
      "curveFigure": curveFigure,
      "scaleLow": NumberFormatting.fixed(scale.lowerBound, digits: 2),
      "scaleHigh": NumberFormatting.fixed(scale.upperBound, digits: 2),
      "groups": models.map { model in
        let members = rows.filter { $0.model == model }
        return [
          "groupModel": model, "groupSize": members.count,
          "groupRows": members.enumerated().map { offset, row in
            Self.view(of: row, isFirstOfModel: offset == 0, scale: scale)
          },
        ] as TemplateView
      },
      "hasRows": !rows.isEmpty,
    ]
    return PageContent(view: view, figures: curveFigure.map { [$0] } ?? [])
  }

  /// The accuracies the range bars span: the rows' lowest and highest values widened to tenths,
  /// inside 0...1, so that small differences between rows stay visible.
  private static func scale(_ rows: [Row]) -> ClosedRange<Double> {
    let values = rows.flatMap { [$0.minimum, $0.maximum, $0.mean] }.filter(\.isFinite)
    guard let low = values.min(), let high = values.max() else { return 0...1 }
    let lower = min(max((low * 10).rounded(.down) / 10, 0), 0.9)
    let upper = max(min((high * 10).rounded(.up) / 10, 1), lower + 0.1)
    return lower...upper
  }

  /// The row's numbers, and its range bar's positions on `scale` as CSS percentages (`rangeStyle`:
  /// min, max, mean - std, mean + std, mean).
  private static func view(
    of row: Row, isFirstOfModel: Bool, scale: ClosedRange<Double>
  ) -> TemplateView {
    let spread = (row.mean - row.standardDeviation, row.mean + row.standardDeviation)
    let positions = [row.minimum, row.maximum, spread.0, spread.1, row.mean].map {
      NumberFormatting.barWidth(
        ($0 - scale.lowerBound) / (scale.upperBound - scale.lowerBound))
    }
    let style = zip(["--lo", "--hi", "--sd-lo", "--sd-hi", "--mean"], positions)
      .map { "\($0): \($1)" }.joined(separator: "; ")
    return [
      "isFirstOfModel": isFirstOfModel, "labeled": row.labeled, "runs": row.runs,
      "mean": NumberFormatting.decimals(row.mean),
      "spread": "± " + NumberFormatting.decimals(row.standardDeviation),
      "minimum": NumberFormatting.decimals(row.minimum),
      "maximum": NumberFormatting.decimals(row.maximum),
      "meanMacroF1": NumberFormatting.decimals(row.meanMacroF1), "rangeStyle": style,
    ]
  }
}
