import Foundation

/// A kernel's graph, computed once for many fits that differ in labels, model or alpha.
///
/// The affinities depend on the samples and the kernel only, so a search over
/// a grid builds them once per gamma or k. Each model then normalises them its
/// own way (`normalized(for:)`, a per-row factor on each side for the RBF
/// graph, a new weight array for the kNN graph), and each set of labels picks
/// the RBF graph's significant entries (`labeled(_:)`); each alpha then only
/// iterates. A fit through these steps equals `GraphModel.fit` on the same
/// samples to within the shortcut product's guarantee (`2^-50` of each row's
/// total, see `SignificantEntries`); the only difference is how a tie between
/// two equally near labeled samples picks the reference of a row.
struct ReusableGraph: Sendable {
  enum Storage: Sendable {
    case rbf(RBFAffinity, gamma: Double)
    /// Neighbour lists, with the RBF weight of each entry for knn-rbf.
    case neighbors(NeighborLists, weights: [Double]?)
  }

  let storage: Storage
  let sampleCount: Int

  /// Computes the graph of `kernel` over `features` (`featureCount` values a row).
  static func build(
    kernel: Kernel, features: [Double], featureCount: Int
  ) throws(LearningError) -> ReusableGraph {
    let n = features.count / featureCount
    let storage = try features.withUnsafeBufferPointer { buffer throws(LearningError) -> Storage in
      let samples = Samples(values: buffer, count: n, dimension: featureCount)
      switch kernel {
      case .rbf(let gamma):
        // Which samples are labeled only steers the nearest-labeled bookkeeping,
        // which `labeled(_:)` redoes for each set of labels.
        let affinity = try RBFAffinity.compute(
          samples, gamma: gamma, labeled: [Bool](repeating: false, count: n), progress: nil)
        return .rbf(affinity, gamma: gamma)
      case .knn(let k):
        return .neighbors(
          try NeighborLists.compute(samples, neighbors: k, progress: nil), weights: nil)
      case .knnRBF(let k, let gamma):
        let lists = try NeighborLists.compute(samples, neighbors: k, progress: nil)
        return .neighbors(lists, weights: lists.rbfWeights(samples, gamma: gamma))
      }
    }
    return ReusableGraph(storage: storage, sampleCount: n)
  }

  /// The graph as `variant` iterates with it.
  func normalized(for variant: GraphModelVariant) -> NormalizedGraph {
    // Only the variant matters to the sparse graphs' normalisation.
    let model = GraphModel(variant: variant, kernel: .knn(neighbors: 1), maxIterations: 1)
    switch storage {
    case .rbf(let affinity, let gamma):
      var graph = affinity.graph
      switch variant {
      case .spreading: graph.normalizeSymmetrically(scaledDegree: affinity.scaledDegree)
      case .propagation: graph.normalizeRows(scaledDegree: affinity.scaledDegree)
      }
      return NormalizedGraph(
        built: GraphModel.BuiltGraph(
          graph: graph, isolated: (0..<sampleCount).filter { affinity.scaledDegree[$0] == 0 },
          nearestSquaredDistance: affinity.nearestSquaredDistance),
        rbf: (affinity, gamma))
    case .neighbors(let lists, let weights):
      let sparse =
        weights.map { model.weightedSparseGraph(from: lists, weights: $0) }
        ?? model.sparseGraph(from: lists)
      return NormalizedGraph(
        built: GraphModel.BuiltGraph(
          graph: sparse.graph, isolated: sparse.isolated, nearestSquaredDistance: nil,
          edges: NeighborEdges(lists: lists, weights: weights)),
        rbf: nil)
    }
  }
}

/// A graph normalised for one model, ready to take labels.
struct NormalizedGraph: Sendable {
  /// The graph as `GraphModel.fit` builds it, without significant entries yet.
  let built: GraphModel.BuiltGraph
  /// The RBF affinity it came from, for the significant entries' reference.
  let rbf: (affinity: RBFAffinity, gamma: Double)?

  /// The graph to iterate with for these labels (`-1` for unlabeled).
  ///
  /// For the RBF graph this finds the significant entries, whose reference per
  /// row is the coefficient of its nearest labeled sample (as
  /// `RBFAffinity.referenceCoefficients` has it); the sparse graphs need nothing.
  func labeled(_ labels: [Int]) -> GraphModel.BuiltGraph {
    guard let rbf, var graph = built.graph as? PackedSymmetricGraph else { return built }
    graph.significant = SignificantEntries.find(
      in: graph,
      reference: Self.referenceCoefficients(
        graph: graph, affinity: rbf.affinity, gamma: rbf.gamma, labeled: labels.map { $0 != -1 }))
    var labeled = built
    labeled.graph = graph
    return labeled
  }

  /// Per row, `weight * inputScale` of its nearest labeled other sample, read
  /// from the stored weights (the largest weight is the nearest sample; among
  /// equal weights the lowest index); the row's own largest weight times its
  /// input scale when no labeled sample has a weight above 0.
  static func referenceCoefficients(
    graph: PackedSymmetricGraph, affinity: RBFAffinity, gamma: Double, labeled: [Bool]
  ) -> [Double] {
    let n = graph.sampleCount
    var largest = [Double](repeating: 0, count: n)
    var nearest = [Int](repeating: -1, count: n)
    graph.upper.withUnsafeBufferPointer { upper in
      for column in 0..<n where labeled[column] {
        // Rows above the column: entry (row, column) of row `row`.
        for row in 0..<column {
          let weight = upper[PackedSymmetricGraph.rowOffset(row, count: n) + column - row - 1]
          if weight > largest[row] {
            largest[row] = weight
            nearest[row] = column
          }
        }
        // Rows below: the column's own stored row.
        let start = PackedSymmetricGraph.rowOffset(column, count: n) - column - 1
        for row in (column + 1)..<max(column + 1, n) where upper[start + row] > largest[row] {
          largest[row] = upper[start + row]
          nearest[row] = column
        }
      }
    }
    let table = ScaledExponential.table.base
    return (0..<n).map { row in
      if nearest[row] >= 0 { return largest[row] * graph.inputScale[nearest[row]] }
      let distance = affinity.nearestSquaredDistance[row]
      let weight =
        distance.isFinite
        ? ScaledExponential.scaled(SIMD2(repeating: distance * -gamma), table: table)[0] : 0
      return weight * graph.inputScale[row]
    }
  }
}

extension GraphModel {
  /// A fit on a prepared graph that is either done or waits for dense iterations.
  enum PreparedFit {
    case fitted(FittedGraphModel)
    /// The dense iterations are left to a `DenseBatchIteration` of the graph;
    /// `finish` then makes the fitted model.
    case dense(DenseBatchIteration.Fit)
  }

  /// Fits this model's variant, alpha and stopping rule on a prepared graph.
  ///
  /// `graph` must come from `NormalizedGraph.labeled(labels)` of a graph
  /// normalised for `variant`; the labels must hold a class somewhere.
  func fit(
    prepared graph: BuiltGraph, labels: [Int], features: [Double], featureCount: Int
  ) throws(LearningError) -> FittedGraphModel {
    let started = try start(
      prepared: graph, labels: labels, features: features, featureCount: featureCount,
      batching: false)
    guard case .fitted(let fitted) = started else {
      preconditionFailure("a fit without batching waits for none")
    }
    return fitted
  }

  /// Fits as `fit(prepared:...)` does, except that with `batching`, where the
  /// iterations over a dense RBF graph of at most
  /// `DenseBatchIteration.maximumSampleCount` samples would take the general
  /// loop, it stops there and hands back where they stand.
  func start(
    prepared graph: BuiltGraph, labels: [Int], features: [Double], featureCount: Int,
    batching: Bool
  ) throws(LearningError) -> PreparedFit {
    let classes = Self.classes(in: labels)
    guard !classes.isEmpty else { throw .noLabeledSamples }
    let oneHot = Self.oneHot(labels: labels, classes: classes)
    let iteration: IterationResult
    switch iterateWithShortcut(
      graph: graph.graph, oneHot: oneHot, labels: labels, classCount: classes.count,
      progress: nil)
    {
    case .finished(let result): iteration = result
    case .continuing(let state):
      if batching, graph.graph is PackedSymmetricGraph,
        graph.graph.sampleCount <= DenseBatchIteration.maximumSampleCount
      {
        return .dense(
          DenseBatchIteration.Fit(
            model: self, state: state, clamped: clampedRows(oneHot: oneHot), labels: labels,
            classes: classes.count))
      }
      iteration = iterateInGeneral(
        graph: graph.graph, from: state, clamped: clampedRows(oneHot: oneHot), labels: labels,
        classCount: classes.count, progress: nil)
    }
    return .fitted(
      finish(
        prepared: graph, labels: labels, iteration: iteration, features: features,
        featureCount: featureCount))
  }

  /// The fitted model from the iterations' result on a prepared graph.
  func finish(
    prepared graph: BuiltGraph, labels: [Int], iteration: IterationResult, features: [Double],
    featureCount: Int
  ) -> FittedGraphModel {
    let classes = Self.classes(in: labels)
    var distributions = iteration.distributions
    normalizeRows(&distributions, classCount: classes.count)
    let reach = graph.reach(labels: labels, distributions: distributions, classCount: classes.count)
    return FittedGraphModel(
      model: self, featureCount: featureCount, trainingFeatures: features, classes: classes,
      labelDistributions: distributions, iterations: iteration.iterations,
      converged: iteration.converged, residuals: iteration.residuals,
      isolatedSamples: reach.isolated, reach: reach,
      nearestSquaredDistance: graph.nearestSquaredDistance)
  }
}
