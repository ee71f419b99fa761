import Foundation

extension HTMLReportRenderer {
  /// The learning-curve page for `document`, as HTML text, from `learning_curve.mustache`.
  ///
  /// Throws `ReportingError.templateUnreadable` naming the file when the templates folder has
  /// no `learning_curve.mustache` (the folder needs it only for this page), and
  /// `ReportingError.invalidDocument` for values the page cannot show.
  public func render(_ document: CurveDocument) throws(ReportingError) -> String {
    try renderPage(CurvePage(document), template: ExtraPageTemplate.learningCurve)
  }

  /// The active-learning page for `document`, as HTML text, from `active_learning.mustache`.
  ///
  /// Throws `ReportingError.templateUnreadable` naming the file when the templates folder has
  /// no `active_learning.mustache`, and `ReportingError.invalidDocument` for values the page
  /// cannot show (an accuracy outside 0...1, a confusion matrix that is not one row and one
  /// column per label).
  public func render(_ document: ActiveLearningDocument) throws(ReportingError) -> String {
    try renderPage(ActiveLearningPage(document), template: ExtraPageTemplate.activeLearning)
  }

  private func renderPage(
    _ page: some Encodable, template: ExtraPageTemplate
  ) throws(ReportingError)
    -> String
  {
    guard let html = library.render(MustacheTree.page(page), withTemplate: template.rawValue)
    else {
      let path = templatesDirectory.standardizedFileURL
        .appendingPathComponent(template.rawValue + ".mustache").path
      throw .templateUnreadable(
        path: path, reason: "the file does not exist; the \(template.pageName) page needs it")
    }
    return html
  }
}

/// The templates of the pages other than the report, by name.
private enum ExtraPageTemplate: String {
  case learningCurve = "learning_curve"
  case activeLearning = "active_learning"

  var pageName: String {
    switch self {
    case .learningCurve: "learning-curve"
    case .activeLearning: "active-learning"
    }
  }
}

/// The parts every page shares, formatted for the templates the same way `ReportPage` does.
enum PageParts {
  static func provenance(_ provenance: Provenance) -> ReportPage.DataSource {
    ReportPage.DataSource(
      source: provenance.source, sha256: provenance.sha256, licence: provenance.licence,
      attribution: provenance.attribution, reading: provenance.reading)
  }

  static func warningCount(_ warnings: [String]) -> String? {
    warnings.isEmpty ? nil : NumberFormatting.count(warnings.count, "warning")
  }

  static func downloads(_ downloads: [Download]) -> [ReportPage.DownloadLink] {
    downloads.map {
      ReportPage.DownloadLink(
        href: RelativeLink.encode($0.href), name: $0.href, contents: $0.contents,
        size: NumberFormatting.fileSize($0.bytes), bytes: $0.bytes)
    }
  }

  /// The figure as the `partials/figure` template reads it; `heading` names it in the
  /// downloads when it has no caption.
  static func figure(_ reference: FigureReference, heading: String) -> ReportPage.Figure {
    let link = RelativeLink.encode(reference.href)
    let alternates = reference.alternates.map {
      ReportPage.Alternate(format: $0.format, href: RelativeLink.encode($0.href))
    }
    return ReportPage.Figure(
      src: reference.dataURI ?? link,
      figureLink: reference.dataURI == nil ? link : nil,
      alt: reference.alt,
      width: reference.width,
      height: reference.height,
      figureCaption: reference.caption,
      alternates: alternates,
      hasAlternates: !alternates.isEmpty,
      fileName: reference.href,
      heading: reference.caption ?? heading,
      primaryFormat: fileFormat(reference.href))
  }

  /// The figures that have a file to download: linked ones, and embedded ones with alternates.
  static func figureFiles(_ figures: [ReportPage.Figure]) -> [ReportPage.Figure] {
    figures.filter { $0.figureLink != nil || $0.hasAlternates }
  }

  static func validate(_ figures: [FigureReference]) throws(ReportingError) {
    for figure in figures where figure.width <= 0 || figure.height <= 0 {
      throw .invalidDocument(
        reason: "figure \(figure.href) has size \(figure.width)x\(figure.height); "
          + "width and height must be positive")
    }
  }

  static func validateFraction(_ value: Double?, _ name: String) throws(ReportingError) {
    if let value, !(0...1).contains(value) {
      throw .invalidDocument(reason: "\(name) \(value) is not a fraction in 0...1")
    }
  }

  /// A classification report's rows, formatted as the report page formats them.
  static func metrics(_ table: ReportTable) throws(ReportingError) -> ReportPage.Metrics {
    guard (0...15).contains(table.digits) else {
      throw .invalidDocument(reason: "classification report digits \(table.digits) not in 0...15")
    }
    func cell(_ value: Double?) -> String {
      value.map { NumberFormatting.fixed($0, digits: table.digits) } ?? ""
    }
    let firstSummary = table.rows.firstIndex { $0.kind == .summary }
    return ReportPage.Metrics(
      rows: table.rows.enumerated().map { offset, row in
        ReportPage.MetricsRow(
          label: row.label, precision: cell(row.precision), recall: cell(row.recall),
          f1Score: cell(row.f1Score), support: row.support, isSummary: row.kind == .summary,
          opensSummary: offset == firstSummary)
      })
  }

  static func decimals(_ value: Double) -> String {
    NumberFormatting.fixed(value, digits: 3)
  }

  private static func fileFormat(_ name: String) -> String {
    let fileName = name.split(separator: "/").last.map(String.init) ?? name
    guard let dot = fileName.lastIndex(of: "."), fileName.index(after: dot) < fileName.endIndex
    else { return "File" }
    return fileName[fileName.index(after: dot)...].uppercased()
  }
}

/// What `learning_curve.mustache` reads.
///
/// Names of optional values are unique on the page, because Mustache looks a missing name up in
/// the enclosing sections.
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

  var title: String
  var summary: String
  var best: Best?
  var modelCount: String
  var budgetCount: String
  var curveFigure: ReportPage.Figure?
  var groups: [ModelGroup]
  var hasRows: Bool
  var scaleLow: String
  var scaleHigh: String
  var warnings: [String]
  var warningCount: String?
  var parameters: [KeyValue]
  var provenance: ReportPage.DataSource
  var downloads: [ReportPage.DownloadLink]
  var figureFiles: [ReportPage.Figure]
  var hasDownloads: Bool
  var toolName: String
  var toolVersion: String
  var timings: [KeyValue]
  var hasTimings: Bool
}

extension CurvePage {
  init(_ document: CurveDocument) throws(ReportingError) {
    try PageParts.validate(document.figure.map { [$0] } ?? [])
    title = document.title
    summary = document.summary
    let rows = document.rows
    var models: [String] = []
    for row in rows where !models.contains(row.model) { models.append(row.model) }
    modelCount = NumberFormatting.count(models.count, "model")
    budgetCount = NumberFormatting.count(Set(rows.map(\.labeled)).count, "label budget")
    best = rows.filter(\.mean.isFinite).max { $0.mean < $1.mean }.map {
      Best(
        bestMean: PageParts.decimals($0.mean), bestPercent: NumberFormatting.percent($0.mean),
        bestModel: $0.model, bestLabeled: NumberFormatting.count($0.labeled, "label"))
    }
    curveFigure = document.figure.map { PageParts.figure($0, heading: "Learning curve") }

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
            mean: PageParts.decimals(row.mean),
            spread: "± " + PageParts.decimals(row.standardDeviation),
            minimum: PageParts.decimals(row.minimum), maximum: PageParts.decimals(row.maximum),
            meanMacroF1: PageParts.decimals(row.meanMacroF1), rangeStyle: style)
        })
    }
    hasRows = !rows.isEmpty

    warnings = document.warnings
    warningCount = PageParts.warningCount(document.warnings)
    parameters = document.parameters
    provenance = PageParts.provenance(document.provenance)
    downloads = PageParts.downloads(document.downloads)
    figureFiles = PageParts.figureFiles(curveFigure.map { [$0] } ?? [])
    hasDownloads = !downloads.isEmpty || !figureFiles.isEmpty
    toolName = document.toolName
    toolVersion = document.toolVersion
    timings = document.timings
    hasTimings = !document.timings.isEmpty
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

/// What `active_learning.mustache` reads.
///
/// Names of optional values are unique on the page, because Mustache looks a missing name up in
/// the enclosing sections.
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
    var roundMetrics: ReportPage.Metrics?
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

  var title: String
  var summary: String
  var roundCount: String
  var labelRange: String?
  var latest: Latest?
  var latestUnmeasured: Bool
  var pageFigures: [ReportPage.Figure]
  var hasFigures: Bool
  var rounds: [Round]
  var warnings: [String]
  var warningCount: String?
  var parameters: [KeyValue]
  var provenance: ReportPage.DataSource
  var downloads: [ReportPage.DownloadLink]
  var figureFiles: [ReportPage.Figure]
  var hasDownloads: Bool
  var toolName: String
  var toolVersion: String
  var timings: [KeyValue]
  var hasTimings: Bool
}

extension ActiveLearningPage {
  /// Number of tint levels of a confusion cell with a count above zero.
  static let tintLevels = 5

  init(_ document: ActiveLearningDocument) throws(ReportingError) {
    try PageParts.validate(document.figures)
    title = document.title
    summary = document.summary
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
          latestFraction: PageParts.decimals($0), latestRound: round.round,
          latestLabels: NumberFormatting.count(round.labeled, "label"))
      }
    }
    latestUnmeasured = last != nil && latest == nil
    pageFigures = document.figures.map { PageParts.figure($0, heading: "Figure") }
    hasFigures = !pageFigures.isEmpty
    var rounds: [Round] = []
    for round in document.rounds {
      rounds.append(try Self.round(round))
    }
    self.rounds = rounds

    warnings = document.warnings
    warningCount = PageParts.warningCount(document.warnings)
    parameters = document.parameters
    provenance = PageParts.provenance(document.provenance)
    downloads = PageParts.downloads(document.downloads)
    figureFiles = PageParts.figureFiles(pageFigures)
    hasDownloads = !downloads.isEmpty || !figureFiles.isEmpty
    toolName = document.toolName
    toolVersion = document.toolVersion
    timings = document.timings
    hasTimings = !document.timings.isEmpty
  }

  private static func round(_ round: ActiveLearningRoundView) throws(ReportingError) -> Round {
    try PageParts.validateFraction(round.accuracy, "round \(round.round) accuracy")
    try PageParts.validateFraction(round.macroF1, "round \(round.round) macro F1")
    let chosen = round.chosen.map { sample in
      Chosen(
        index: sample.index, sourceIndex: sample.sourceIndex, predicted: sample.predicted,
        chosenTruth: sample.truth,
        isCorrect: sample.truth.map { $0 == sample.predicted } ?? false,
        isWrong: sample.truth.map { $0 != sample.predicted } ?? false,
        entropy: PageParts.decimals(sample.entropy))
    }
    var matrix: Matrix?
    if let counts = round.confusion {
      matrix = try Self.matrix(counts, labels: round.confusionLabels, round: round.round)
    }
    return Round(
      roundNumber: round.round,
      roundAnchor: "round-\(round.round)",
      roundLabels: NumberFormatting.count(round.labeled, "label"),
      roundAccuracy: round.accuracy.map(PageParts.decimals),
      roundAccuracyPercent: round.accuracy.map(NumberFormatting.percent),
      roundMacroF1: round.macroF1.map(PageParts.decimals),
      roundMetrics: try round.report.map { table throws(ReportingError) in
        try PageParts.metrics(table)
      },
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
