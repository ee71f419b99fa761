import Foundation
import LearningKernels

/// Which graph-based semi-supervised model to fit.
public enum GraphModelVariant: String, Sendable, CaseIterable {
  /// Label spreading (Zhou et al., 2004): symmetric normalised graph, soft clamping.
  case spreading
  /// Label propagation (Zhu and Ghahramani, 2002): row-normalised graph, hard clamping.
  case propagation

  /// The scikit-learn class this variant reproduces.
  public var displayName: String {
    switch self {
    case .spreading: "Label Spreading"
    case .propagation: "Label Propagation"
    }
  }
}

/// A graph-based semi-supervised classifier with scikit-learn 1.9's semantics.
///
/// Label spreading iterates `F ← α S F + (1 - α) Y` with
/// `S = D^-1/2 W D^-1/2`, where `W` is the kernel with a zero diagonal and `D`
/// its degrees (an isolated sample gets degree 1). Label propagation iterates
/// `F ← D^-1 W F` with the diagonal kept, renormalises each row (a zero row
/// stays zero) and resets the labeled rows to their one-hot labels. Both stop
/// when `sum |F - F_prev| < tol`, tested before each update with `F_prev`
/// starting at zero, or after `maxIterations` updates (not converged).
public struct GraphModel: Sendable {
  public var variant: GraphModelVariant
  public var kernel: Kernel
  /// Clamping factor of label spreading, in the open interval (0, 1).
  public var alpha: Double
  public var maxIterations: Int
  /// Convergence threshold on `sum |F - F_prev|`.
  public var tolerance: Double
  /// How an RBF graph is held: chosen from the size and the memory unless set
  /// (tests force either; see `RBFGraphStorage`).
  var rbfStorage: RBFGraphStorage = .automatic

  public init(
    variant: GraphModelVariant, kernel: Kernel, alpha: Double = 0.2, maxIterations: Int,
    tolerance: Double = 1e-3
  ) {
    self.variant = variant
    self.kernel = kernel
    self.alpha = alpha
    self.maxIterations = maxIterations
    self.tolerance = tolerance
  }

  /// `LabelSpreading(kernel, alpha, max_iter, tol)` with scikit-learn's defaults.
  public static func labelSpreading(
    kernel: Kernel = .rbf(gamma: 20), alpha: Double = 0.2, maxIterations: Int = 30,
    tolerance: Double = 1e-3
  ) -> GraphModel {
    GraphModel(
      variant: .spreading, kernel: kernel, alpha: alpha, maxIterations: maxIterations,
      tolerance: tolerance)
  }

  /// `LabelPropagation(kernel, max_iter, tol)` with scikit-learn's defaults.
  public static func labelPropagation(
    kernel: Kernel = .rbf(gamma: 20), maxIterations: Int = 1000, tolerance: Double = 1e-3
  ) -> GraphModel {
    GraphModel(
      variant: .propagation, kernel: kernel, alpha: 0, maxIterations: maxIterations,
      tolerance: tolerance)
  }

  /// Checks every parameter against the range where the model is defined.
  public func validate(sampleCount: Int? = nil) throws(LearningError) {
    if let gamma = kernel.gamma {
      guard gamma.isFinite, gamma > 0 else {
        throw .invalidParameter(name: "gamma", value: "\(gamma)", expected: "finite and > 0")
      }
    }
    if let neighbors = kernel.neighbors {
      guard neighbors >= 1 else {
        throw .invalidParameter(name: "neighbors", value: "\(neighbors)", expected: ">= 1")
      }
      if let sampleCount, neighbors > sampleCount {
        throw .invalidParameter(
          name: "neighbors", value: "\(neighbors)",
          expected: "at most the number of samples (\(sampleCount))")
      }
    }
    if variant == .spreading {
      guard alpha > 0, alpha < 1 else {
        throw .invalidParameter(
          name: "alpha", value: "\(alpha)", expected: "in the open interval (0, 1)")
      }
    }
    guard maxIterations >= 1 else {
      throw .invalidParameter(name: "max_iter", value: "\(maxIterations)", expected: ">= 1")
    }
    guard tolerance.isFinite, tolerance >= 0 else {
      throw .invalidParameter(name: "tol", value: "\(tolerance)", expected: "finite and >= 0")
    }
  }

  /// Fits the model transductively.
  ///
  /// - Parameters:
  ///   - features: `labels.count` rows of `featureCount` values, row-major.
  ///   - labels: a class code `>= 0` per labeled sample, `-1` per unlabeled one.
  ///   - progress: called from worker threads while the graph is built and iterated.
  public func fit(
    features: [Double], featureCount: Int, labels: [Int],
    progress: (@Sendable (FitProgress) -> Void)? = nil
  ) throws(LearningError) -> FittedGraphModel {
    let n = labels.count
    guard n > 0, featureCount > 0, features.count == n * featureCount else {
      throw .shapeMismatch(
        "expected \(n) samples of \(featureCount) features, got \(features.count) values")
    }
    try validate(sampleCount: n)
    let bad = features.withUnsafeBufferPointer { lk_first_non_finite($0.baseAddress, $0.count) }
    if bad < features.count {
      throw .nonFiniteFeature(sample: bad / featureCount, feature: bad % featureCount)
    }
    if let negative = labels.first(where: { $0 < -1 }) {
      throw .invalidParameter(name: "label", value: "\(negative)", expected: ">= 0, or -1")
    }
    let classes = Self.classes(in: labels)
    guard !classes.isEmpty else { throw .noLabeledSamples }
    var storage = RBFGraphStorage.dense
    if case .rbf = kernel {
      storage = resolvedRBFStorage(sampleCount: n)
      let required = PackedSymmetricGraph.requiredBytes(count: n)
      // Below 64 MB the question is moot, and reading /proc/meminfo costs more than such a fit.
      if storage == .dense, required > 64 << 20, let available = availableMemory(),
        required > available * 9 / 10
      {
        throw .insufficientMemory(required: required, available: available)
      }
    }

    let built = try features.withUnsafeBufferPointer { buffer throws(LearningError) in
      try buildGraph(
        Samples(values: buffer, count: n, dimension: featureCount), labels: labels,
        classCount: classes.count, storage: storage, progress: progress)
    }
    let iteration = iterate(
      graph: built.graph, oneHot: Self.oneHot(labels: labels, classes: classes), labels: labels,
      classCount: classes.count, progress: progress)
    var distributions = iteration.distributions
    normalizeRows(&distributions, classCount: classes.count)
    let reach = built.reach(labels: labels, distributions: distributions, classCount: classes.count)
    return FittedGraphModel(
      model: self, featureCount: featureCount, trainingFeatures: features, classes: classes,
      labelDistributions: distributions, iterations: iteration.iterations,
      converged: iteration.converged, residuals: iteration.residuals,
      isolatedSamples: reach.isolated, reach: reach,
      nearestSquaredDistance: built.nearestSquaredDistance)
  }

  /// The distinct labels other than -1, ascending.
  static func classes(in labels: [Int]) -> [Int] {
    let largest = labels.max() ?? -1
    guard largest < 1 << 16 else { return Array(Set(labels.filter { $0 >= 0 })).sorted() }
    // Small codes, the usual case: a flag per code instead of a hash set.
    var present = [Bool](repeating: false, count: largest + 1)
    for label in labels where label >= 0 { present[label] = true }
    return present.indices.filter { present[$0] }
  }

  /// A row per sample: a 1 in the column of its class when it is labeled, else zeros.
  static func oneHot(labels: [Int], classes: [Int]) -> [Double] {
    let columnOfClass = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
    var oneHot = [Double](repeating: 0, count: labels.count * classes.count)
    for (sample, label) in labels.enumerated() where label != -1 {
      if let column = columnOfClass[label] { oneHot[sample * classes.count + column] = 1 }
    }
    return oneHot
  }

  struct BuiltGraph {
    var graph: any LabelGraph
    var isolated: [Int]
    var nearestSquaredDistance: [Double]?
    /// The neighbour lists of a kNN graph, for telling apart why a sample got no label.
    var edges: NeighborEdges?
  }

  func buildGraph(
    _ samples: Samples, labels: [Int], classCount: Int = 1, storage: RBFGraphStorage = .dense,
    progress: (@Sendable (FitProgress) -> Void)?
  ) throws(LearningError) -> BuiltGraph {
    let n = samples.count
    switch kernel {
    case .rbf(let gamma) where storage == .streamed:
      return try buildStreamedRBF(
        samples, gamma: gamma, labels: labels, classCount: classCount, progress: progress)
    case .rbf(let gamma):
      var affinity = try RBFAffinity.compute(
        samples, gamma: gamma, labeled: labels.map { $0 != -1 }, progress: progress)
      let isolated = (0..<n).filter { affinity.scaledDegree[$0] == 0 }
      switch variant {
      case .spreading:
        affinity.graph.normalizeSymmetrically(scaledDegree: affinity.scaledDegree)
      case .propagation:
        affinity.graph.normalizeRows(scaledDegree: affinity.scaledDegree)
      }
      affinity.graph.significant = SignificantEntries.find(
        in: affinity.graph,
        reference: affinity.referenceCoefficients(
          gamma: gamma, inputScale: affinity.graph.inputScale))
      return BuiltGraph(
        graph: affinity.graph, isolated: isolated,
        nearestSquaredDistance: affinity.nearestSquaredDistance)
    case .knn(let k):
      let lists = try NeighborLists.compute(samples, neighbors: k, progress: progress)
      let graph = sparseGraph(from: lists)
      return BuiltGraph(
        graph: graph.graph, isolated: graph.isolated, nearestSquaredDistance: nil,
        edges: NeighborEdges(lists: lists, weights: nil))
    case .knnRBF(let k, let gamma):
      let lists = try NeighborLists.compute(samples, neighbors: k, progress: progress)
      let weights = lists.rbfWeights(samples, gamma: gamma)
      let graph = weightedSparseGraph(from: lists, weights: weights)
      return BuiltGraph(
        graph: graph.graph, isolated: graph.isolated, nearestSquaredDistance: nil,
        edges: NeighborEdges(lists: lists, weights: weights))
    }
  }

  /// The k-nearest-neighbour graph in the form the variant iterates with.
  func sparseGraph(from lists: NeighborLists) -> (graph: SparseGraph, isolated: [Int]) {
    let n = lists.sampleCount
    let k = lists.neighbors
    switch variant {
    case .spreading:
      // Degrees are column sums of the connectivity matrix without its diagonal.
      var degree = [Double](repeating: 0, count: n)
      for row in 0..<n {
        for slot in 0..<k where lists.indices[row * k + slot] != row {
          degree[lists.indices[row * k + slot]] += 1
        }
      }
      let isolated = (0..<n).filter { degree[$0] == 0 }
      let scale = degree.map { $0 == 0 ? 1 : $0.squareRoot() }
      var rowStart = [0]
      var columns: [Int] = []
      var weights: [Double] = []
      columns.reserveCapacity(n * k)
      weights.reserveCapacity(n * k)
      for row in 0..<n {
        for slot in 0..<k {
          let column = lists.indices[row * k + slot]
          if column == row { continue }
          columns.append(column)
          weights.append(1 / scale[row] / scale[column])
        }
        rowStart.append(columns.count)
      }
      return (
        SparseGraph(sampleCount: n, rowStart: rowStart, columns: columns, weights: weights),
        isolated
      )
    case .propagation:
      let weight = 1 / Double(k)
      return (
        SparseGraph(
          sampleCount: n, rowStart: (0...n).map { $0 * k }, columns: lists.indices,
          weights: [Double](repeating: weight, count: n * k)),
        []
      )
    }
  }
}

/// Divides each row by its sum; a row that sums to zero stays zero.
func normalizeRows(_ matrix: inout [Double], classCount: Int) {
  guard classCount > 0 else { return }
  for start in stride(from: 0, to: matrix.count, by: classCount) {
    var total = 0.0
    for column in 0..<classCount { total += matrix[start + column] }
    if total == 0 { continue }
    for column in 0..<classCount { matrix[start + column] /= total }
  }
}

/// Memory the system can still give this process, from `/proc/meminfo`.
func availableMemory() -> UInt64? {
  guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else {
    return nil
  }
  for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
    let parts = line.split(separator: " ")
    if parts.count >= 2, let kilobytes = UInt64(parts[1]) { return kilobytes * 1024 }
  }
  return nil
}
