import Foundation

/// Uncertainty sampling against the random-sampling baseline, round by round.
///
/// Both runs start from the same labels and add the same number each round, so round `k`
/// of each was fitted with as many labels; each is scored on the samples it left
/// unlabeled. The strategy *beat* the baseline when its accuracy after the last round that
/// both scored is higher; equal or lower, it did not.
public struct BaselineComparison: Sendable, Equatable {
  /// One round of both runs.
  public struct Point: Sendable, Equatable {
    /// The round, from 0.
    public let round: Int
    /// Labels in the fit (the same in both runs).
    public let labels: Int
    public let accuracy: Double?
    public let baselineAccuracy: Double?
    public let macroF1: Double?
    public let baselineMacroF1: Double?
  }

  /// What the comparison found.
  public enum Verdict: String, Sendable, Equatable {
    /// Higher accuracy than random picks after the last round.
    case beat
    /// The same accuracy.
    case tied
    /// Lower accuracy.
    case lost
  }

  public let points: [Point]

  /// Pairs the rounds of the two runs; `nil` unless both scored a round.
  public init?(strategy: [ActiveLearningRound], baseline: [ActiveLearningRound]) {
    points = zip(strategy, baseline).map { mine, random in
      Point(
        round: mine.round, labels: mine.labeledCount, accuracy: mine.accuracy,
        baselineAccuracy: random.accuracy, macroF1: mine.macroF1,
        baselineMacroF1: random.macroF1)
    }
    guard scored.last != nil else { return nil }
  }

  /// The rounds both runs scored.
  public var scored: [Point] {
    points.filter { $0.accuracy != nil && $0.baselineAccuracy != nil }
  }

  /// The last round both runs scored.
  public var last: Point { scored[scored.count - 1] }

  public var verdict: Verdict {
    let (mine, random) = (last.accuracy ?? 0, last.baselineAccuracy ?? 0)
    return mine > random ? .beat : mine == random ? .tied : .lost
  }

  /// Mean accuracy over the rounds both scored: the strategy's, then the baseline's.
  public var meanAccuracies: (strategy: Double, baseline: Double) {
    let rounds = Double(scored.count)
    return (
      scored.reduce(0) { $0 + ($1.accuracy ?? 0) } / rounds,
      scored.reduce(0) { $0 + ($1.baselineAccuracy ?? 0) } / rounds
    )
  }

  /// One plain sentence saying whether uncertainty sampling beat random sampling.
  public var sentence: String {
    let mine = String(format: "%.3f", last.accuracy ?? 0)
    let random = String(format: "%.3f", last.baselineAccuracy ?? 0)
    let means = meanAccuracies
    let detail =
      "with \(last.labels) labels its accuracy is \(mine), against \(random) for random picks "
      + "(mean over \(scored.count) \(scored.count == 1 ? "round" : "rounds"): "
      + "\(String(format: "%.3f", means.strategy)) against "
      + "\(String(format: "%.3f", means.baseline)))"
    switch verdict {
    case .beat: return "Uncertainty sampling beat random sampling: \(detail)."
    case .tied, .lost: return "Uncertainty sampling did not beat random sampling: \(detail)."
    }
  }
}
