import DataSets
import Foundation
import XCTest

@testable import Learning

/// A run of `make_active_learning_fixtures.py`'s `play`: the random baseline, a person's
/// own file answered round by round, and a class discovered mid-run.
private struct RoundsCase: Decodable {
  struct Round: Decodable {
    let round: Int
    let labeledCount: Int
    let labeled: [Int]
    let classes: [Int]
    let nIter: Int
    let converged: Bool
    let predicted: [Int]
    let evaluated: [Int]
    let accuracy: Double?
    let macroF1: Double?
    let reportText: String?
    let confusionMatrix: [[Int]]?
    let chosen: [Int]
    let chosenEntropies: [Double]
    let chosenSourceIndices: [Int]
    let chosenTruth: [Int]
    let nearTies: [[Int]]

    enum CodingKeys: String, CodingKey {
      case round
      case labeledCount = "labeled_count"
      case labeled, classes
      case nIter = "n_iter"
      case converged, predicted, evaluated, accuracy
      case macroF1 = "macro_f1"
      case reportText = "report_text"
      case confusionMatrix = "confusion_matrix"
      case chosen
      case chosenEntropies = "chosen_entropies"
      case chosenSourceIndices = "chosen_source_indices"
      case chosenTruth = "chosen_truth"
      case nearTies = "near_ties"
    }
  }

  let seed: UInt32
  let samples: Int
  let initialLabeled: Int?
  let roundsRequested: Int
  let perRound: Int
  let gamma: Double
  let indices: [Int]
  let rounds: [Round]

  enum CodingKeys: String, CodingKey {
    case seed, samples
    case initialLabeled = "initial_labeled"
    case roundsRequested = "rounds_requested"
    case perRound = "per_round"
    case gamma, indices, rounds
  }

  func activeLearning(standardize: Bool) -> ActiveLearning {
    ActiveLearning(
      seed: seed, samples: samples, initialLabeled: initialLabeled, rounds: roundsRequested,
      perRound: perRound,
      model: .labelSpreading(kernel: .rbf(gamma: gamma), maxIterations: 20),
      standardize: standardize)
  }
}

final class ActiveLearningPersonTests: XCTestCase {
  private func load(_ name: String) throws -> RoundsCase {
    try Fixtures.decode(RoundsCase.self, "active_\(name).json")
  }

  private func wine(_ name: String) throws -> DataSet {
    try DataSet.loadCSV(path: Fixtures.url("owndata/\(name)").path)
  }

  /// Every number of `actual` against scikit-learn's rounds (no near ties in these cases).
  private func check(
    _ actual: [ActiveLearningRound], _ expected: [RoundsCase.Round], _ name: String
  ) {
    XCTAssertEqual(actual.count, expected.count, "\(name): rounds")
    for (round, wanted) in zip(actual, expected) {
      let label = "\(name) round \(wanted.round)"
      XCTAssertTrue(wanted.nearTies.isEmpty, "\(label): the fixture has a near tie")
      XCTAssertEqual(round.labeledCount, wanted.labeledCount, label)
      XCTAssertEqual(round.labeled, wanted.labeled, label)
      XCTAssertEqual(round.model.classes, wanted.classes, "\(label): classes")
      XCTAssertEqual(round.model.iterations, wanted.nIter, "\(label): n_iter")
      XCTAssertEqual(round.model.converged, wanted.converged, label)
      XCTAssertEqual(round.predictions, wanted.predicted, "\(label): transduction of the pool")
      XCTAssertEqual(round.evaluated, wanted.evaluated, label)
      XCTAssertEqual(round.report?.text(), wanted.reportText, "\(label): report")
      XCTAssertEqual(round.accuracy == nil, wanted.accuracy == nil, label)
      if let accuracy = round.accuracy, let expected = wanted.accuracy {
        assertClose(accuracy, expected, absolute: 1e-12, relative: 0, "\(label): accuracy")
      }
      if let f1 = round.macroF1, let expected = wanted.macroF1 {
        assertClose(f1, expected, absolute: 1e-12, relative: 0, "\(label): macro F1")
      }
      XCTAssertEqual(round.confusionMatrix?.counts, wanted.confusionMatrix, "\(label): matrix")
      XCTAssertEqual(round.chosen, wanted.chosen, "\(label): chosen")
      XCTAssertEqual(round.chosenSourceIndices, wanted.chosenSourceIndices, label)
      XCTAssertEqual(round.chosenEntropies.count, wanted.chosenEntropies.count, label)
      for (value, expected) in zip(round.chosenEntropies, wanted.chosenEntropies) {
        assertClose(value, expected, absolute: 1e-9, relative: 0, "\(label): entropy")
      }
    }
  }

  func testRandomBaselineMatchesScikitLearn() throws {
    let fixture = try load("random")
    let learning = fixture.activeLearning(standardize: false)
    let rounds = try learning.randomBaseline(on: DataSet.digits())
    check(rounds, fixture.rounds, "random")
    for (round, wanted) in zip(rounds, fixture.rounds) {
      XCTAssertEqual(round.answers, wanted.chosenTruth.map { Optional($0) })
    }
    // The same seed gives the same picks; another seed others.
    XCTAssertEqual(
      try learning.randomBaseline(on: DataSet.digits()).map(\.chosen), rounds.map(\.chosen))
    var other = learning
    other.seed = 1
    XCTAssertNotEqual(
      try other.randomBaseline(on: DataSet.digits()).first?.chosen, rounds.first?.chosen)
  }

  func testASimulationRunsTheBaselineBesideTheStrategy() throws {
    let learning = try load("random").activeLearning(standardize: false)
    let run = try learning.run(on: DataSet.digits(), person: PersonAnswers())
    XCTAssertFalse(run.waiting)
    XCTAssertEqual(run.rounds.count, 5)
    let baseline = try XCTUnwrap(run.baseline)
    XCTAssertEqual(baseline.map(\.chosen), try load("random").rounds.map(\.chosen))
    // The strategy's rounds are the example's (active_default.json checks them in full).
    XCTAssertEqual(
      run.rounds.map(\.chosenSourceIndices).first,
      try learning.run(on: DataSet.digits()).map(\.chosenSourceIndices).first)
  }

  /// The answers a person gives in the rounds `0..<count` of the fixture.
  private func answers(_ fixture: RoundsCase, rounds count: Int) -> PersonAnswers {
    var labels: [Int: Int] = [:]
    for round in fixture.rounds.prefix(count) {
      for (source, truth) in zip(round.chosenSourceIndices, round.chosenTruth) {
        labels[source] = truth
      }
    }
    return PersonAnswers(labels: labels)
  }

  func testAPersonsFileStopsAtTheFirstRoundWithoutAnswers() throws {
    let fixture = try load("person")
    let data = try wine("wine_unl.csv")
    let learning = fixture.activeLearning(standardize: true)
    let first = try learning.run(on: data, person: PersonAnswers())
    XCTAssertTrue(first.waiting)
    XCTAssertNil(first.baseline, "no baseline without the pool's classes")
    XCTAssertEqual(first.rounds.count, 1)
    check(first.rounds, Array(fixture.rounds.prefix(1)), "person, no answers")
    let round = try XCTUnwrap(first.rounds.first)
    XCTAssertTrue(round.isWaiting)
    XCTAssertEqual(round.outcomes, [ChosenLabel](repeating: .waiting, count: 5))
    XCTAssertEqual(round.labeledCount, 40, "starts from the file's labeled rows")
    XCTAssertNil(round.report)

    // Each session's answers replay the rounds before and stop at the next.
    for answered in 1..<fixture.rounds.count {
      let run = try learning.run(on: data, person: answers(fixture, rounds: answered))
      XCTAssertTrue(run.waiting, "after \(answered) rounds of answers")
      check(run.rounds, Array(fixture.rounds.prefix(answered + 1)), "person, \(answered)")
      XCTAssertEqual(run.answeredRows.count, 5 * answered)
    }
    let done = try learning.run(
      on: data, person: answers(fixture, rounds: fixture.rounds.count))
    XCTAssertFalse(done.waiting)
    check(done.rounds, fixture.rounds, "person, every answer")
    XCTAssertEqual(
      done.rounds.last?.answers, fixture.rounds.last?.chosenTruth.map { Optional($0) })
  }

  func testARowLeftUnansweredIsNotAskedAgain() throws {
    let fixture = try load("person")
    let data = try wine("wine_unl.csv")
    let learning = fixture.activeLearning(standardize: true)
    var person = answers(fixture, rounds: 1)
    let skipped = fixture.rounds[0].chosenSourceIndices[0]
    person.labels[skipped] = nil
    person.declined = [skipped]
    let run = try learning.run(on: data, person: person)
    XCTAssertTrue(run.waiting)
    XCTAssertEqual(run.rounds.count, 2)
    XCTAssertEqual(run.rounds[0].outcomes.first, .declined)
    XCTAssertEqual(run.rounds[1].labeledCount, 44)
    let sample = run.rounds[0].chosen[0]
    XCTAssertTrue(run.rounds[1].unlabeled.contains(sample))
    XCTAssertFalse(run.rounds[1].chosenSourceIndices.contains(skipped))
    XCTAssertEqual(run.answeredRows.count, 4)
  }

  func testARoundDiscoversAClassNoLabeledSampleHad() throws {
    let fixture = try load("discovery")
    let data = try wine("wine_classes.csv")
    let learning = fixture.activeLearning(standardize: true)
    let rounds = try learning.run(on: data)
    check(rounds, fixture.rounds, "discovery")
    XCTAssertEqual(rounds.first?.model.classes, [0, 2])
    XCTAssertEqual(rounds.last?.model.classes, [0, 1, 2])
    XCTAssertEqual(rounds.first?.model.distribution(0).count, 2)
    XCTAssertEqual(rounds.last?.model.distribution(0).count, 3)
    let run = try learning.run(on: data, person: PersonAnswers())
    XCTAssertFalse(run.waiting)
    XCTAssertEqual(run.baseline?.count, rounds.count)
  }
}

final class BaselineComparisonTests: XCTestCase {
  func testTheVerdictSaysPlainlyWhetherTheStrategyBeatRandomSampling() throws {
    let run = try ActiveLearning().run(on: DataSet.digits(), person: PersonAnswers())
    let baseline = try XCTUnwrap(run.baseline)
    let comparison = try XCTUnwrap(BaselineComparison(strategy: run.rounds, baseline: baseline))
    XCTAssertEqual(comparison.verdict, .beat)
    XCTAssertEqual(comparison.points.map(\.labels), [40, 45, 50, 55, 60])
    XCTAssertTrue(
      comparison.sentence.hasPrefix(
        "Uncertainty sampling beat random sampling: with 60 labels its accuracy is 0.956, "
          + "against 0.881"), comparison.sentence)
    // The other way round, the first run loses; against itself it ties. Neither beat it.
    let lost = try XCTUnwrap(BaselineComparison(strategy: baseline, baseline: run.rounds))
    XCTAssertEqual(lost.verdict, .lost)
    XCTAssertTrue(lost.sentence.hasPrefix("Uncertainty sampling did not beat random sampling"))
    let tied = try XCTUnwrap(BaselineComparison(strategy: baseline, baseline: baseline))
    XCTAssertEqual(tied.verdict, .tied)
    XCTAssertTrue(tied.sentence.hasPrefix("Uncertainty sampling did not beat random sampling"))
    // Nothing scored, nothing to compare.
    let person = try ActiveLearning(seed: 0, samples: nil, initialLabeled: nil, rounds: 1)
      .run(
        on: DataSet.loadCSV(path: Fixtures.url("owndata/wine_unl.csv").path),
        person: PersonAnswers())
    XCTAssertNil(BaselineComparison(strategy: person.rounds, baseline: person.rounds))
  }
}
