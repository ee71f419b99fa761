/// What `queries.mustache` reads beside the frame: each queried sample with the model's guess,
/// and its values beside the class means when it is not an image.
extension QueriesPage {
  public static func content(of values: Values) throws(ReportingError) -> PageContent {
    try PageFigure.validate(values.figures)
    let pageFigures = values.figures.map {
      PageFigure(reference: $0, heading: $0.caption ?? "Figure")
    }
    var queries: [TemplateView] = []
    for query in values.queries {
      queries.append(
        try view(
          of: query, featureNames: values.featureNames, classNames: values.classNames))
    }
    let view: TemplateView = [
      "summary": values.summary,
      "nextCommand": values.nextCommand,
      "queryCount": NumberFormatting.count(values.queries.count, "sample"),
      "meanHeadings": values.classNames.map { "mean of \($0)" },
      "pageFigures": pageFigures,
      "hasFigures": !pageFigures.isEmpty,
      "queries": queries,
      "hasQueries": !queries.isEmpty,
    ]
    return PageContent(view: view, figures: pageFigures)
  }

  private static func view(
    of query: Query, featureNames: [String], classNames: [String]
  ) throws(ReportingError) -> TemplateView {
    let sample = query.sample
    if !sample.entropy.isFinite {
      throw .invalidDocument(reason: "query \(sample.rank) has entropy \(sample.entropy)")
    }
    var rows: [TemplateView] = []
    if !query.values.isEmpty {
      guard query.values.count == featureNames.count,
        query.classMeans.count == classNames.count,
        query.classMeans.allSatisfy({ $0 == nil || $0?.count == query.values.count })
      else {
        throw .invalidDocument(
          reason: "query \(sample.rank) has values that do not match the features")
      }
      for (feature, name) in featureNames.enumerated() {
        rows.append([
          "feature": name, "value": NumberFormatting.significant(query.values[feature]),
          "means": query.classMeans.map {
            $0.map { NumberFormatting.significant($0[feature]) } ?? "—"
          },
        ])
      }
    }
    return [
      "rank": sample.rank, "queryAnchor": "query-\(sample.rank)",
      "sourceIndex": sample.sourceIndex,
      "guess": sample.noLabelReached ? nil : sample.predicted, "noGuess": sample.noLabelReached,
      "queryEntropy": NumberFormatting.decimals(sample.entropy),
      "probabilities": sample.topProbabilities.map {
        [
          "probabilityLabel": $0.label,
          "probabilityPercent": NumberFormatting.percent($0.probability),
        ] as TemplateView
      },
      "valueRows": rows, "hasValues": !rows.isEmpty,
    ]
  }
}
