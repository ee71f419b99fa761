/// Why some samples of a fitted graph got no label, told apart so that each
/// warning stays true at any size.
///
/// Labels move one edge per iteration, from a sample to the samples whose
/// rows hold it (in a kNN graph, from a neighbour to the sample that chose
/// it). A sample gets mass after `t` iterations exactly when a labeled sample
/// is at most `t` edges away: every weight and every distribution is
/// non-negative, so nothing cancels.
public struct LabelReach: Sendable, Equatable {
  /// Samples with no edge of non-zero weight from any other sample: nothing
  /// can ever reach them (RBF weights that all underflow, `--neighbors 1`).
  public var isolated: [Int] = []
  /// kNN graphs: samples that no other sample lists among its neighbours.
  ///
  /// They still take labels from their own neighbours, but pass none on.
  public var unchosen: [Int] = []
  /// Samples, isolated ones apart, that no path from a labeled sample reaches.
  public var unreachable: [Int] = []
  /// Unlabeled samples a path reaches that had no label yet when the
  /// iterations stopped.
  public var notYetReached: [Int] = []
  /// The most edges between a labeled sample and one of `notYetReached`,
  /// that is, the iterations they need; nil when not known (the dense RBF graph).
  public var stepsNeeded: Int?

  public init(
    isolated: [Int] = [], unchosen: [Int] = [], unreachable: [Int] = [],
    notYetReached: [Int] = [], stepsNeeded: Int? = nil
  ) {
    self.isolated = isolated
    self.unchosen = unchosen
    self.unreachable = unreachable
    self.notYetReached = notYetReached
    self.stepsNeeded = stepsNeeded
  }
}

/// The edges of a kNN graph as lists: row `i` takes from `indices[i * k + s]`
/// with weight `weights?[i * k + s]` (1 when `weights` is nil).
struct NeighborEdges: Sendable {
  let lists: NeighborLists
  let weights: [Double]?

  /// Whether the `slot`-th entry is an edge from another sample.
  @inline(__always)
  func isEdge(row: Int, slot: Int) -> Bool {
    lists.indices[slot] != row && (weights.map { $0[slot] != 0 } ?? true)
  }

  /// Samples whose lists hold no edge from another sample.
  func isolated() -> [Int] {
    let k = lists.neighbors
    return (0..<lists.sampleCount).filter { row in
      !((row * k)..<(row * k + k)).contains { isEdge(row: row, slot: $0) }
    }
  }

  /// Samples that no other sample lists.
  func unchosen() -> [Int] {
    let k = lists.neighbors
    var chosen = [Bool](repeating: false, count: lists.sampleCount)
    for row in 0..<lists.sampleCount {
      for slot in (row * k)..<(row * k + k) where lists.indices[slot] != row {
        chosen[lists.indices[slot]] = true
      }
    }
    return chosen.indices.filter { !chosen[$0] }
  }

  /// The fewest edges from a labeled sample to each sample; nil where no path leads.
  ///
  /// A breadth-first search over the reversed lists (who chose whom), in
  /// `O(n k)` time and memory.
  func steps(fromLabeled labels: [Int]) -> [Int?] {
    let n = lists.sampleCount
    let k = lists.neighbors
    // The reversed edges in compressed rows: for each sample, the rows that take from it.
    var start = [Int](repeating: 0, count: n + 1)
    for row in 0..<n {
      for slot in (row * k)..<(row * k + k) where isEdge(row: row, slot: slot) {
        start[lists.indices[slot] + 1] += 1
      }
    }
    for sample in 0..<n { start[sample + 1] += start[sample] }
    var fill = start
    var takers = [Int](repeating: 0, count: start[n])
    for row in 0..<n {
      for slot in (row * k)..<(row * k + k) where isEdge(row: row, slot: slot) {
        let source = lists.indices[slot]
        takers[fill[source]] = row
        fill[source] += 1
      }
    }
    var steps = [Int?](repeating: nil, count: n)
    var frontier: [Int] = []
    for (sample, label) in labels.enumerated() where label != -1 {
      steps[sample] = 0
      frontier.append(sample)
    }
    var distance = 0
    while !frontier.isEmpty {
      distance += 1
      var next: [Int] = []
      for source in frontier {
        for taker in takers[start[source]..<start[source + 1]] where steps[taker] == nil {
          steps[taker] = distance
          next.append(taker)
        }
      }
      frontier = next
    }
    return steps
  }
}

extension LabelReach {
  /// The reach of a kNN graph's labels after fitting, given the samples left empty.
  init(edges: NeighborEdges, labels: [Int], empty: [Int]) {
    let isolated = edges.isolated()
    self.init(isolated: isolated, unchosen: edges.unchosen())
    guard !empty.isEmpty else { return }
    let steps = edges.steps(fromLabeled: labels)
    var isIsolated = [Bool](repeating: false, count: labels.count)
    for sample in isolated { isIsolated[sample] = true }
    for sample in empty where !isIsolated[sample] && labels[sample] == -1 {
      if let distance = steps[sample] {
        notYetReached.append(sample)
        stepsNeeded = max(stepsNeeded ?? 0, distance)
      } else {
        unreachable.append(sample)
      }
    }
  }
}

extension GraphModel.BuiltGraph {
  /// The reach of the labels once the iterations have left `distributions`.
  func reach(labels: [Int], distributions: [Double], classCount: Int) -> LabelReach {
    var empty: [Int] = []
    for sample in labels.indices {
      let row = distributions[(sample * classCount)..<((sample + 1) * classCount)]
      if row.allSatisfy({ $0 == 0 }) { empty.append(sample) }
    }
    if let edges { return LabelReach(edges: edges, labels: labels, empty: empty) }
    // The dense RBF graph: a sample with an edge has one to nearly every other
    // sample, so only the isolated ones are told apart.
    var isIsolated = [Bool](repeating: false, count: labels.count)
    for sample in isolated { isIsolated[sample] = true }
    return LabelReach(
      isolated: isolated,
      notYetReached: empty.filter { !isIsolated[$0] && labels[$0] == -1 })
  }
}
