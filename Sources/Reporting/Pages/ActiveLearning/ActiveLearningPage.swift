/// What `active_learning.mustache` reads beside the frame.
///
/// Its names sit beside the frame's (`FrameView`). Names of optional values are unique on the
/// page, because Mustache looks a missing name up in the enclosing sections.
struct ActiveLearningPage: Encodable {
  struct Cell: Encodable {
    var count: Int
    var cellClass: String
  }

  struct MatrixRow: Encodable {
    var rowLabel: String
    var cells: [Cell]
  }

  struct Matrix: Encodable {
    var matrixLabels: [String]
    var matrixRows: [MatrixRow]
    var matrixTotal: String
    var matrixCorrect: String
  }

  struct Chosen: Encodable {
    var index: Int
    var sourceIndex: Int
    var predicted: String
    var chosenTruth: String?
    var isCorrect: Bool
    var isWrong: Bool
    var entropy: String
  }

  struct Round: Encodable {
    var roundNumber: Int
    var roundAnchor: String
    var roundLabels: String
    var roundAccuracy: String?
    var roundAccuracyPercent: String?
    var roundMacroF1: String?
    var roundMetrics: MetricsTable?
    var roundReportText: String?
    var matrix: Matrix?
    var chosen: [Chosen]
    var hasChosen: Bool
    var chosenHaveTruth: Bool
    var chosenCount: String
  }

  struct Latest: Encodable {
    var latestPercent: String
    var latestFraction: String
    var latestRound: Int
    var latestLabels: String
  }

  struct BaselineRow: Encodable {
    var rowRound: Int
    var rowLabels: Int
    var rowAccuracy: String
    var rowRandomAccuracy: String
    var rowMacroF1: String
    var rowRandomMacroF1: String
    /// Whether uncertainty sampling's accuracy is above random sampling's in this round.
    var rowAhead: Bool
  }

  struct Baseline: Encodable {
    var baselineRows: [BaselineRow]
    var baselineBeat: Bool
    var baselineVerdict: String
    var baselineNote: String
  }

  struct Waiting: Encodable {
    var waitingRound: Int
    var waitingQueries: String
    var waitingFile: String
    var waitingCommand: String
  }

  var summary: String
  var baseline: Baseline?
  var waiting: Waiting?
  var roundCount: String
  var labelRange: String?
  var latest: Latest?
  var latestUnmeasured: Bool
  var pageFigures: [PageFigure]
  var hasFigures: Bool
  var rounds: [Round]
}

extension ActiveLearningPage {
  /// Number of tint levels of a confusion cell with a count above zero.
  static let tintLevels = 5

  init(_ document: ActiveLearningDocument) throws(ReportingError) {
    try PageFigure.validate(document.figures)
    summary = document.summary
    baseline = try document.comparison.map(Self.baseline)
    waiting = document.waiting.map { round in
      Waiting(
        waitingRound: round.round,
        waitingQueries: NumberFormatting.count(round.queries, "sample"),
        waitingFile: round.answersFile, waitingCommand: round.nextCommand)
    }
    roundCount = NumberFormatting.count(document.rounds.count, "round")
    let labeled = document.rounds.map(\.labeled)
    if let first = labeled.first, let last = labeled.last, first != last {
      labelRange = "\(first) → \(last) labels"
    } else {
      labelRange = nil
    }
    let last = document.rounds.last
    latest = last.flatMap { round in
      round.accuracy.map {
        Latest(
          latestPercent: NumberFormatting.percent($0),
          latestFraction: NumberFormatting.decimals($0), latestRound: round.round,
          latestLabels: NumberFormatting.count(round.labeled, "label"))
      }
    }
    latestUnmeasured = last != nil && latest == nil
    pageFigures = document.figures.map { PageFigure($0, heading: $0.caption ?? "Figure") }
    hasFigures = !pageFigures.isEmpty
    var rounds: [Round] = []
    for round in document.rounds {
      rounds.append(try Self.round(round))
    }
    self.rounds = rounds
  }

  private static func baseline(
    _ comparison: BaselineComparisonView
  ) throws(ReportingError) -> Baseline {
    var rows: [BaselineRow] = []
    for row in comparison.rows {
      for (value, name) in [
        (row.accuracy, "accuracy"), (row.baselineAccuracy, "random accuracy"),
        (row.macroF1, "macro F1"), (row.baselineMacroF1, "random macro F1"),
      ] {
        try DocumentChecks.fraction(value, "baseline round \(row.round) \(name)")
      }
      let text = { (value: Double?) in value.map(NumberFormatting.decimals) ?? "—" }
      rows.append(
        BaselineRow(
          rowRound: row.round, rowLabels: row.labeled, rowAccuracy: text(row.accuracy),
          rowRandomAccuracy: text(row.baselineAccuracy), rowMacroF1: text(row.macroF1),
          rowRandomMacroF1: text(row.baselineMacroF1),
          rowAhead: (row.accuracy ?? 0) > (row.baselineAccuracy ?? 1)))
    }
    return Baseline(
      baselineRows: rows, baselineBeat: comparison.beat, baselineVerdict: comparison.verdict,
      baselineNote: comparison.note)
  }

  private static func round(_ round: ActiveLearningRoundView) throws(ReportingError) -> Round {
    try DocumentChecks.fraction(round.accuracy, "round \(round.round) accuracy")
    try DocumentChecks.fraction(round.macroF1, "round \(round.round) macro F1")
    let chosen = round.chosen.map { sample in
      Chosen(
        index: sample.index, sourceIndex: sample.sourceIndex, predicted: sample.predicted,
        chosenTruth: sample.truth,
        isCorrect: sample.truth.map { $0 == sample.predicted } ?? false,
        isWrong: sample.truth.map { $0 != sample.predicted } ?? false,
        entropy: NumberFormatting.decimals(sample.entropy))
    }
    var matrix: Matrix?
    if let counts = round.confusion {
      matrix = try Self.matrix(counts, labels: round.confusionLabels, round: round.round)
    }
    if let table = round.report { try MetricsTable.validate(table) }
    return Round(
      roundNumber: round.round,
      roundAnchor: "round-\(round.round)",
      roundLabels: NumberFormatting.count(round.labeled, "label"),
      roundAccuracy: round.accuracy.map(NumberFormatting.decimals),
      roundAccuracyPercent: round.accuracy.map(NumberFormatting.percent),
      roundMacroF1: round.macroF1.map(NumberFormatting.decimals),
      roundMetrics: round.report.map(MetricsTable.init),
      roundReportText: round.reportText,
      matrix: matrix,
      chosen: chosen,
      hasChosen: !chosen.isEmpty,
      chosenHaveTruth: round.chosen.contains { $0.truth != nil },
      chosenCount: NumberFormatting.count(chosen.count, "sample"))
  }

  /// The confusion matrix with a tint class for each cell.
  ///
  /// A cell's class is `cm-d` on the diagonal, `cm-o` off it, and a level `cm-0` (no samples)
  /// to `cm-5` (`tintLevels`). The diagonal and the rest are scaled separately, each to its own
  /// largest count: the correct counts dwarf the confusions, which would otherwise all look
  /// alike, although the largest of them matter most.
  private static func matrix(
    _ counts: [[Int]], labels: [String], round: Int
  ) throws(ReportingError) -> Matrix {
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
      MatrixRow(
        rowLabel: labels[truth],
        cells: row.enumerated().map { predicted, count in
          let cellClass =
            truth == predicted
            ? "cm-d cm-\(level(count, of: largestCorrect))"
            : "cm-o cm-\(level(count, of: largestConfusion))"
          return Cell(count: count, cellClass: cellClass)
        })
    }
    let total = counts.reduce(0) { $0 + $1.reduce(0, +) }
    let correct = counts.indices.reduce(0) { $0 + counts[$1][$1] }
    return Matrix(
      matrixLabels: labels, matrixRows: rows,
      matrixTotal: NumberFormatting.count(total, "sample"),
      matrixCorrect: String(correct))
  }
}
