import DataSets
import Learning
import Plotting

/// The figures of `report active-learning`: the samples chosen each round, and the scores
/// as labels come in, beside random sampling's.
struct ActiveLearningFigures {
  let data: DataSet
  /// The shuffled rows the rounds ran on.
  let selected: DataSet
  let run: ActiveLearningRun
  let perRound: Int

  /// A figure waiting to be drawn, with its file stem and alt text.
  struct Pending {
    let stem: String
    let figure: any Figure
    let alt: String
  }

  func all() throws(PlotError) -> [Pending] { [try chosenGrid(), progress].compactMap { $0 } }

  /// Every class any round's model knew, ascending: a class a round discovers joins the
  /// figures' columns, and earlier rounds show 0 for it.
  var classes: [Int] { Array(Set(run.rounds.flatMap(\.model.classes))).sorted() }

  /// What a chosen sample's title says of its label, and whether the prediction was wrong.
  private func labelText(_ outcome: ChosenLabel, sample: Int, prediction: Int) -> (String, Bool) {
    let names = data.classNames
    let truth = selected.targets[sample]
    switch outcome {
    case .label(let code):
      return (truth == -1 ? "answer: \(names[code])" : "true: \(names[code])", code != prediction)
    case .waiting: return ("answer: ?", false)
    case .declined: return ("skipped", false)
    case .unanswered:
      return (truth == -1 ? "true: ?" : "true: \(names[truth])", truth != -1 && truth != prediction)
    }
  }

  /// The chosen samples, one row per round: images, or each one's class probabilities.
  private func chosenGrid() throws(PlotError) -> Pending? {
    let chosenRounds = run.rounds.filter { !$0.chosen.isEmpty }
    guard !chosenRounds.isEmpty else { return nil }
    let names = data.classNames
    let columnsOfClasses = classes
    var images: [[Double]] = []
    var titles: [String] = []
    var colors: [RGB] = []
    for round in chosenRounds {
      let transduction = round.model.transduction
      for position in round.chosen.indices {
        let sample = round.chosen[position]
        let prediction = transduction[sample]
        if data.imageShape == nil {
          // The model's classes may be fewer than those of later rounds.
          var row = [Double](repeating: 0, count: columnsOfClasses.count)
          for (value, code) in zip(round.model.distribution(sample), round.model.classes) {
            if let column = columnsOfClasses.firstIndex(of: code) { row[column] = value }
          }
          images.append(row)
        } else {
          images.append(Array(selected.row(sample)))
        }
        let note = position == 0 ? "fit \(round.round + 1), \(round.labeledCount) labels\n" : "\n"
        let (text, wrong) = labelText(
          round.outcomes[position], sample: sample, prediction: prediction)
        titles.append(note + "predict: \(names[prediction])\n\(text)")
        colors.append(wrong ? RGB.tabRed : RGB.black)
      }
    }
    let shape = data.imageShape ?? ImageShape(height: 1, width: columnsOfClasses.count)
    let columns = chosenRounds.map { $0.chosen.count }.max() ?? perRound
    return Pending(
      stem: "active_learning",
      figure: ImageGridFigure(
        images: images, imageHeight: shape.height, imageWidth: shape.width, titles: titles,
        suptitle: "Samples chosen for labeling, one row per fit (red: predicted wrongly)",
        titleColors: colors, columns: columns,
        size: FigureSize(
          width: try ImageGridFigure.width(
            fitting: titles, columns: columns, minimum: max(700, Double(columns) * 110)),
          height: max(300, Double(chosenRounds.count) * 150 + 60))),
      alt: "The samples chosen each round, one row per fit; red titles mark wrong predictions")
  }

  /// matplotlib's "tab:blue" for uncertainty sampling, "tab:green" for random sampling.
  static let strategyColor = RGB(bytes: 0x1f, 0x77, 0xb4)
  static let baselineColor = RGB(bytes: 0x2c, 0xa0, 0x2c)

  /// Accuracy and macro F1 against the number of labels, when any round was scored; random
  /// sampling's beside them (one colour per run, dashed for macro F1).
  private var progress: Pending? {
    let runs: [(name: String, scores: RunScores, color: RGB)] =
      [("uncertainty", RunScores(run.rounds), Self.strategyColor)]
      + (run.baseline.map { [("random", RunScores($0), Self.baselineColor)] } ?? [])
    var series: [LineChartFigure.Series] = []
    var altParts: [String] = []
    for entry in runs where !entry.scores.labels.isEmpty {
      let scores = entry.scores
      let prefix = run.baseline == nil ? "" : "\(entry.name): "
      series.append(
        LineChartFigure.Series(
          label: prefix + "accuracy", x: scores.labels, y: scores.accuracy,
          style: .solid, color: entry.color, markers: true))
      series.append(
        LineChartFigure.Series(
          label: prefix + "macro F1", x: scores.labels, y: scores.macroF1,
          style: .dashed, color: entry.color, markers: true))
      let accuracies = scores.accuracy.map { String(format: "%.3f", $0) }
      altParts.append(
        "\(run.baseline == nil ? "accuracy" : "\(entry.name) accuracy") "
          + accuracies.joined(separator: ", "))
    }
    guard !series.isEmpty else { return nil }
    let labelText = RunScores(run.rounds).labels.map { String(Int($0)) }
    var chart = LineChartFigure(
      series: series,
      title: run.baseline == nil
        ? "Accuracy as labels are added" : "Uncertainty sampling against random sampling",
      xLabel: "labeled samples", yLabel: "score on the unlabeled samples",
      legend: run.baseline == nil ? .lowerRight : .best)
    chart.xTicks = .integers
    return Pending(
      stem: "learning_progress", figure: chart,
      alt: altParts.joined(separator: "; ")
        + " with \(labelText.joined(separator: ", ")) labels")
  }
}

/// The scored rounds of a run as plain numbers: labels, accuracy and macro F1.
///
/// Read with a loop rather than `filter { $0.report != nil }`: Swift 6.3.1's release
/// optimizer (CopyPropagation) crashed on that closure over the rounds.
private struct RunScores {
  var labels: [Double] = []
  var accuracy: [Double] = []
  var macroF1: [Double] = []

  init(_ rounds: [ActiveLearningRound]) {
    for index in rounds.indices {
      guard let report = rounds[index].report else { continue }
      labels.append(Double(rounds[index].labeledCount))
      accuracy.append(report.accuracy)
      macroF1.append(report.macroAverage.f1)
    }
  }
}
