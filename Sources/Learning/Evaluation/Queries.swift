import DataSets
import Foundation

/// How the samples to ask a person about are chosen.
public enum QueryStrategy: String, Sendable, CaseIterable {
  /// Highest entropy of the label distribution first (uncertainty sampling).
  case entropy
  /// Smallest gap between the two most probable classes first (margin sampling).
  case margin
  /// A random order: the baseline every uncertainty strategy must beat.
  case random
}

/// One sample chosen to be labeled by a person, with the score that ranked it.
public struct QueriedSample: Sendable, Equatable {
  /// Position among the fitted samples.
  public let sample: Int
  /// The sample's row in the data set (0-based data row of the CSV).
  public let sourceIndex: Int
  /// Entropy for `.entropy`, margin for `.margin`, the entropy again for `.random`
  /// (so that every strategy's table reads the same way).
  public let score: Double
  /// Entropy of the sample's label distribution; `log(classes)` for an empty one.
  public let entropy: Double
}

/// Ranks the unlabeled samples of a fit by how much a person's answer would teach the model.
///
/// The pool is every sample whose training label is -1. `entropy` sorts it by
/// descending entropy of the label distribution (`scipy.stats.entropy`),
/// `margin` by ascending `p₁ − p₂`, the difference of the two largest
/// probabilities; both break ties by the lower source row. A sample that no
/// label reached (an all-zero distribution) knows nothing and ranks first under
/// both, its entropy reported as the largest possible, `log(classes)`, its
/// margin as 0. `random` takes `RandomState(seed).permutation(poolSize)` over
/// the pool in ascending source rows, as NumPy would shuffle it.
public enum Queries {
  public static func choose(
    _ count: Int, from model: FittedGraphModel, trainingLabels: [Int], sourceIndices: [Int],
    strategy: QueryStrategy, seed: UInt32
  ) -> [QueriedSample] {
    precondition(
      trainingLabels.count == model.sampleCount && sourceIndices.count == model.sampleCount)
    let pool = (0..<model.sampleCount).filter { trainingLabels[$0] == -1 }
      .sorted { sourceIndices[$0] < sourceIndices[$1] }
    let maximal = log(Double(max(model.classes.count, 1)))
    let entropies = pool.map { entropy(model.distribution($0)) }
    let order: [Int]
    var scores: [Double]
    switch strategy {
    case .entropy:
      scores = entropies.map { $0 ?? maximal }
      // An undefined entropy sorts before every number.
      order = pool.indices.sorted { a, b in
        let keyA = entropies[a] ?? .infinity
        let keyB = entropies[b] ?? .infinity
        return keyA != keyB ? keyA > keyB : sourceIndices[pool[a]] < sourceIndices[pool[b]]
      }
    case .margin:
      scores = pool.map { margin(model.distribution($0)) }
      order = pool.indices.sorted { a, b in
        scores[a] != scores[b]
          ? scores[a] < scores[b] : sourceIndices[pool[a]] < sourceIndices[pool[b]]
      }
    case .random:
      scores = entropies.map { $0 ?? maximal }
      var random = RandomState(seed: seed)
      order = random.permutation(pool.count)
    }
    return order.prefix(max(count, 0)).map { position in
      QueriedSample(
        sample: pool[position], sourceIndex: sourceIndices[pool[position]],
        score: scores[position], entropy: entropies[position] ?? maximal)
    }
  }

  /// `p₁ − p₂` of a distribution: its largest value less the next largest (0 with one class).
  static func margin(_ distribution: ArraySlice<Double>) -> Double {
    var first = -Double.infinity
    var second = -Double.infinity
    for value in distribution {
      if value > first {
        second = first
        first = value
      } else if value > second {
        second = value
      }
    }
    return second.isFinite ? first - second : 0
  }
}
