/// The `count` most uncertain samples, most uncertain first.
///
/// A sample whose entropy is undefined (`nil`: its label distribution is all
/// zeros because no label reached it) is maximally uncertain and ranks above
/// every other. scikit-learn's example gets the same set from
/// `np.argsort(entropies)[-count:]`, since NumPy sorts NaN after every number;
/// among those samples NumPy's default sort has no fixed order, so here they
/// follow their index, lowest first.
///
/// The other samples follow `np.argsort(entropies, kind="stable")[::-1]`:
/// highest entropy first, and of equal entropies the higher index first.
public func mostUncertainFirst(_ entropies: [Double?], count: Int) -> [Int] {
  let unreached = entropies.indices.filter { entropies[$0] == nil }
  let reached = entropies.indices.filter { entropies[$0] != nil }
  let ranked = reached.sorted {
    let (left, right) = (entropies[$0]!, entropies[$1]!)
    return left > right || (left == right && $0 > $1)
  }
  return Array((unreached + ranked).prefix(max(count, 0)))
}

/// How many uncertain samples an `Experiment` may single out.
public enum UncertainLimit: Sendable, Equatable {
  /// Up to every sample, labeled ones included, as scikit-learn's example ranks them.
  case samples
  /// At most the unlabeled samples: more is an error (a count the user asked for).
  case unlabeledRefusingMore
  /// At most the unlabeled samples: more is cut to them (a default count).
  case unlabeledCuttingMore
}
