import DataSets
import Foundation

/// A person's answers, for active learning on data whose unlabeled rows have no known class.
public struct PersonAnswers: Sendable, Equatable {
  /// Class codes a person gave, by data row (source index).
  public var labels: [Int: Int]
  /// Data rows a person was asked about and left without an answer: never chosen again.
  public var declined: Set<Int>

  public init(labels: [Int: Int] = [:], declined: Set<Int> = []) {
    self.labels = labels
    self.declined = declined
  }
}

/// The rounds of an active-learning run with a person, and the random baseline beside them.
public struct ActiveLearningRun: Sendable {
  /// The rounds of uncertainty sampling, first round first.
  public let rounds: [ActiveLearningRound]
  /// Whether the last round stopped to wait for a person's answers (its `.waiting` samples).
  public let waiting: Bool
  /// The same number of rounds choosing uniformly at random, scored the same way; `nil` unless
  /// every sample's class is known (a simulation), since a random pick needs its answer at once.
  public let baseline: [ActiveLearningRound]?

  /// The data rows whose label came from the person's answers, in the order they were used.
  public let answeredRows: [Int]
}

extension ActiveLearning {
  /// Runs the rounds on data whose unlabeled rows may have no known class, with a person.
  ///
  /// Each round's chosen samples are labeled from, in this order: the data, when it knows
  /// the sample's class (`initialLabeled` hid it: a simulation, as `run(on:)`); the
  /// person's `labels`; the person's `declined` rows, which stay unlabeled and are not
  /// chosen again. A chosen sample none of these covers *waits*: the run stops after that
  /// round, whose `outcomes` say which samples need an answer. Given the answers, the same
  /// call replays the same rounds (the procedure is deterministic) and goes on from there.
  ///
  /// When every selected sample has a known class, `baseline` repeats the rounds choosing
  /// `perRound` pool samples uniformly at random (`randomBaseline`).
  public func run(
    on data: DataSet, person: PersonAnswers
  ) throws(LearningError) -> ActiveLearningRun {
    let (selected, sourceIndices) = try prepare(data)
    var answered: [Int] = []
    let played = try playRounds(
      selected: selected, sourceIndices: sourceIndices, rounds: rounds,
      pick: { pool, fitted in mostUncertain(in: pool, of: fitted, count: perRound) },
      outcome: { sample, source in
        let truth = selected.targets[sample]
        if truth != -1 { return .label(truth) }
        if let answer = person.labels[source] {
          answered.append(source)
          return .label(answer)
        }
        return person.declined.contains(source) ? .declined : .waiting
      })
    let simulated = selected.targets.allSatisfy { $0 != -1 }
    return ActiveLearningRun(
      rounds: played.rounds, waiting: played.waiting,
      baseline: simulated ? try randomBaseline(on: data) : nil, answeredRows: answered)
  }

  /// The rounds with random sampling instead of uncertainty sampling: the baseline.
  ///
  /// Each round fits as `run(on:)` does, then chooses `perRound` samples of the pool
  /// uniformly at random and reveals their classes. The generator is the `RandomState(seed)`
  /// that shuffled the rows, continued: in NumPy,
  /// `rng = RandomState(seed); rng.shuffle(indices)`, then each round
  /// `rng.choice(pool, min(perRound, len(pool)), replace=False)` over the pool in ascending
  /// sample order (legacy `choice` without replacement is `pool[rng.permutation(len(pool))[:k]]`).
  /// A chosen sample without a known class stays in the pool unlabeled.
  public func randomBaseline(on data: DataSet) throws(LearningError) -> [ActiveLearningRound] {
    let (selected, sourceIndices) = try prepare(data)
    var random = RandomState(seed: seed)
    _ = random.permutation(data.sampleCount)
    let count = perRound
    return try playRounds(
      selected: selected, sourceIndices: sourceIndices, rounds: rounds,
      pick: { pool, fitted in
        let maximal = log(Double(max(fitted.classes.count, 1)))
        return random.permutation(pool.count).prefix(count).map { position in
          (pool[position], entropy(fitted.distribution(pool[position])) ?? maximal)
        }
      },
      outcome: { sample, _ in
        let truth = selected.targets[sample]
        return truth == -1 ? .unanswered : .label(truth)
      }
    ).rounds
  }
}
