import Foundation

/// What `learning_curve.mustache` reads beside the frame: the rows grouped by model, with range
/// bars on one scale.
extension CurveDocument {
  public func content() throws(ReportingError) -> PageContent {
    try PageFigure.validate(figure.map { [$0] } ?? [])
    var models: [String] = []
    for row in rows where !models.contains(row.model) { models.append(row.model) }
    let best = rows.filter(\.mean.isFinite).max { $0.mean < $1.mean }
    let curveFigure = figure.map {
      PageFigure(reference: $0, heading: $0.caption ?? "Learning curve")
    }
    let scale = Self.scale(rows)
    let view: TemplateView = [
      "summary": summary,
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
            row.view(isFirstOfModel: offset == 0, scale: scale)
          },
        ] as TemplateView
      },
      "hasRows": !rows.isEmpty,
    ]
    return PageContent(view: view, figures: curveFigure.map { [$0] } ?? [])
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

extension CurveTableRow {
  /// The row's numbers, and its range bar's positions on `scale` as CSS percentages (`rangeStyle`:
  /// min, max, mean - std, mean + std, mean).
  fileprivate func view(isFirstOfModel: Bool, scale: ClosedRange<Double>) -> TemplateView {
    let positions = [minimum, maximum, mean - standardDeviation, mean + standardDeviation, mean]
      .map {
        NumberFormatting.barWidth(
          ($0 - scale.lowerBound) / (scale.upperBound - scale.lowerBound))
      }
    let style = zip(["--lo", "--hi", "--sd-lo", "--sd-hi", "--mean"], positions)
      .map { "\($0): \($1)" }.joined(separator: "; ")
    return [
      "isFirstOfModel": isFirstOfModel, "labeled": labeled, "runs": runs,
      "mean": NumberFormatting.decimals(mean),
      "spread": "± " + NumberFormatting.decimals(standardDeviation),
      "minimum": NumberFormatting.decimals(minimum),
      "maximum": NumberFormatting.decimals(maximum),
      "meanMacroF1": NumberFormatting.decimals(meanMacroF1), "rangeStyle": style,
    ]
  }
}
