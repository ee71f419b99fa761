import DataSets
import Foundation
import Learning

/// A round of `report active-learning` that waits for a person: its `queries.csv`, the
/// answers file to save it as, and the command that goes on with it.
///
/// Each session replays the rounds already answered (the run is deterministic) and stops
/// at the first round that picks a row nobody has answered. The person saves each round's
/// filled-in `queries.csv` as a file of its own, `answers_round<K>.csv`, and the command
/// names them all (`--answers` is repeatable), so no earlier answer is ever overwritten;
/// appending the rows to one answers file works as well.
struct ActiveLearningQueries {
  let command: ActiveLearningCommand
  let run: ActiveLearningRun
  /// The data as loaded, and the shuffled rows the rounds ran on.
  let data: DataSet
  let selected: DataSet

  /// The round that waits, if any.
  var waitingRound: ActiveLearningRound? { run.waiting ? run.rounds.last : nil }

  /// The positions, in the waiting round's `chosen`, of the samples that need an answer.
  var waitingPositions: [Int] {
    guard let round = waitingRound else { return [] }
    return round.outcomes.indices.filter { round.outcomes[$0] == .waiting }
  }

  /// Whether a person answers for the rows without a class (some sample has none).
  var needsAPerson: Bool { selected.targets.contains(-1) }

  /// `queries.csv`: when a round waits, its samples that need an answer; with a person but
  /// nothing to ask, the header alone (so that no earlier round's queries stay behind);
  /// else none (a simulation asks no one).
  var csv: [UInt8]? {
    guard needsAPerson, let round = waitingRound ?? run.rounds.last else { return nil }
    let text = QueriesCSV.text(
      model: round.model, classNames: data.classNames,
      rows: waitingPositions.map { position in
        QueriesCSV.Row(
          sample: round.chosen[position],
          fileRow: data.fileRow(round.chosenSourceIndices[position]),
          entropy: round.chosenEntropies[position], margin: nil)
      })
    return Array(text.utf8)
  }

  /// Why some answers were not used: the rounds never chose their rows.
  var unusedReason: String {
    "the others name rows that no round chose; `report --answers` uses every answer"
  }

  /// The name to save the filled-in `queries.csv` as: `answers_round<K>.csv`, with a
  /// suffix when the command line already names that file (a round answered in part).
  var answersFileName: String {
    let round = (waitingRound?.round ?? 0) + 1
    let taken = Set(command.answerOptions.answers)
    var name = "answers_round\(round).csv"
    var attempt = 2
    while taken.contains(name) {
      name = "answers_round\(round)_\(attempt).csv"
      attempt += 1
    }
    return name
  }

  /// This run's command line with the new answers file added.
  var nextCommand: String { nextLine.typed }

  /// The same as the page shows it, the files read named without their folders.
  var nextCommandOnPage: String { nextLine.shown.line }

  private var nextLine: RunCommandLine {
    var line = RunCommandLine.current
    line.arguments += ["--answers", answersFileName]
    return line
  }

  /// What the command prints after the page's path: nothing unless a round waits.
  func instructions(_ output: OutputOptions) -> [String] {
    guard let round = waitingRound else {
      guard needsAPerson else { return [] }
      return [
        "No round waits for answers (\(output.path(of: "queries.csv")) has its header only); "
          + "--rounds with a larger number goes on, and 'report' takes the same --answers files"
      ]
    }
    let count = waitingPositions.count
    return [
      "Round \(round.round + 1) waits for your answers: \(count) "
        + "\(count == 1 ? "sample" : "samples") written to \(output.path(of: "queries.csv"))",
      "Fill in its 'label' column (leave a label empty to skip a sample: it is not asked "
        + "again), save it outside the output folder as \(answersFileName), and run:",
      "  " + nextCommand,
    ]
  }
}
