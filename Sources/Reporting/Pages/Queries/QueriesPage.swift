/// What `queries.mustache` reads beside the frame.
struct QueriesPage: Encodable {
  struct Probability: Encodable {
    var probabilityLabel: String
    var probabilityPercent: String
  }

  struct ValueRow: Encodable {
    var feature: String
    var value: String
    var means: [String]
  }

  struct Query: Encodable {
    var rank: Int
    var queryAnchor: String
    var sourceIndex: Int
    var guess: String?
    var noGuess: Bool
    var queryEntropy: String
    var probabilities: [Probability]
    var valueRows: [ValueRow]
    var hasValues: Bool
  }

  var summary: String
  var nextCommand: String
  var queryCount: String
  var meanHeadings: [String]
  var pageFigures: [PageFigure]
  var hasFigures: Bool
  var queries: [Query]
  var hasQueries: Bool
}

extension QueriesPage {
  init(_ document: QueriesDocument) throws(ReportingError) {
    try PageFigure.validate(document.figures)
    summary = document.summary
    nextCommand = document.nextCommand
    queryCount = NumberFormatting.count(document.queries.count, "sample")
    meanHeadings = document.classNames.map { "mean of \($0)" }
    pageFigures = document.figures.map { PageFigure($0, heading: $0.caption ?? "Figure") }
    hasFigures = !pageFigures.isEmpty
    var queries: [Query] = []
    for query in document.queries {
      if !query.entropy.isFinite {
        throw .invalidDocument(reason: "query \(query.rank) has entropy \(query.entropy)")
      }
      var rows: [ValueRow] = []
      if !query.values.isEmpty {
        guard query.values.count == document.featureNames.count,
          query.classMeans.count == document.classNames.count,
          query.classMeans.allSatisfy({ $0 == nil || $0?.count == query.values.count })
        else {
          throw .invalidDocument(
            reason: "query \(query.rank) has values that do not match the features")
        }
        for (feature, name) in document.featureNames.enumerated() {
          rows.append(
            ValueRow(
              feature: name, value: NumberFormatting.significant(query.values[feature]),
              means: query.classMeans.map {
                $0.map { NumberFormatting.significant($0[feature]) } ?? "—"
              }))
        }
      }
      queries.append(
        Query(
          rank: query.rank, queryAnchor: "query-\(query.rank)", sourceIndex: query.sourceIndex,
          guess: query.predicted, noGuess: query.predicted == nil,
          queryEntropy: NumberFormatting.decimals(query.entropy),
          probabilities: query.topProbabilities.map {
            Probability(
              probabilityLabel: $0.label,
              probabilityPercent: NumberFormatting.percent($0.probability))
          },
          valueRows: rows, hasValues: !rows.isEmpty))
    }
    self.queries = queries
    hasQueries = !queries.isEmpty
  }
}
