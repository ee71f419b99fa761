import Foundation

/// How an RBF graph is held during a fit.
enum RBFGraphStorage: Sendable, Equatable {
  /// Dense up to `GraphModel.streamingThreshold` samples and while the packed
  /// triangle fits in memory; streamed otherwise. The environment variable
  /// `REPORT_RBF_GRAPH=dense|streamed` forces either (a hook for tests of the
  /// program).
  case automatic
  /// The packed triangle of every weight (`PackedSymmetricGraph`).
  case dense
  /// Never the whole graph: its significant entries (`StreamedRBFGraph`).
  case streamed
}

extension GraphModel {
  /// Above this many samples the RBF graph is streamed: at and below it the
  /// packed triangle (at most 1.6 GB) is built faster.
  static let streamingThreshold = 20_000

  /// `.dense` or `.streamed` for a fit of `sampleCount` samples.
  func resolvedRBFStorage(sampleCount n: Int) -> RBFGraphStorage {
    var choice = rbfStorage
    if choice == .automatic {
      switch ProcessInfo.processInfo.environment["REPORT_RBF_GRAPH"] {
      case "dense": choice = .dense
      case "streamed": choice = .streamed
      default: break
      }
    }
    guard choice == .automatic else { return choice }
    if n > Self.streamingThreshold { return .streamed }
    let required = PackedSymmetricGraph.requiredBytes(count: n)
    if required > 64 << 20, let available = availableMemory(), required > available * 9 / 10 {
      return .streamed
    }
    return .dense
  }

  /// The RBF graph in two passes over the kernel, never held whole (see `StreamedRBFGraph`).
  ///
  /// Before any pass, a guess of the entries from sampled rows, refused when
  /// it is far beyond the memory there is. Then the degrees and nearest
  /// distances, by the same walk as the packed triangle's (so the same sums in
  /// the same order); then, from them, each row's threshold, the estimate of
  /// the entries from the same rows (refused when they cannot fit), and the
  /// entries themselves. Progress counts both passes' rows: `total` is twice
  /// the samples. `memory` gives the bytes available (a hook for tests).
  func buildStreamedRBF(
    _ samples: Samples, gamma: Double, labels: [Int], classCount: Int,
    progress: (@Sendable (FitProgress) -> Void)?, memory: () -> UInt64? = availableMemory
  ) throws(LearningError) -> BuiltGraph {
    let n = samples.count
    var firstPass: (@Sendable (FitProgress) -> Void)?
    var secondPass: (@Sendable (Int) -> Void)?
    if let progress {
      firstPass = { event in
        if case .graphRows(let done, _) = event { progress(.graphRows(done: done, total: 2 * n)) }
      }
      secondPass = { done in progress(.graphRows(done: n + done, total: 2 * n)) }
    }
    // Before the long work: a guess from sampled rows (within some 5% of the estimate below
    // on jittered digits), refused only when it is half as large again as the memory there
    // is, so as not to turn away a fit that the estimate below would let through.
    let kernel = try KernelRows(samples, gamma: gamma)
    let early = StreamedEntries.earlyEstimate(kernel: kernel, labeled: labels.map { $0 != -1 })
    let earlyRequired = StreamedEntries.requiredBytes(
      entries: early.entries, samples: n, classes: classCount)
    if earlyRequired > 64 << 20, let available = memory(), earlyRequired > available / 2 * 3 {
      throw .insufficientMemoryForEntries(
        required: earlyRequired, available: available, sampledRows: early.sampledRows)
    }
    var affinity = try RBFAffinity.compute(
      samples, gamma: gamma, labeled: labels.map { $0 != -1 }, storing: false,
      progress: firstPass)
    let isolated = (0..<n).filter { affinity.scaledDegree[$0] == 0 }
    switch variant {
    case .spreading: affinity.graph.normalizeSymmetrically(scaledDegree: affinity.scaledDegree)
    case .propagation: affinity.graph.normalizeRows(scaledDegree: affinity.scaledDegree)
    }
    let scales = affinity.graph.inputScale
    let thresholds = affinity.referenceCoefficients(gamma: gamma, inputScale: scales).map {
      $0 * SignificantEntries.keepFraction
    }
    let estimate = StreamedEntries.estimate(kernel: kernel, scales: scales, thresholds: thresholds)
    let required = StreamedEntries.requiredBytes(
      entries: estimate.entries, samples: n, classes: classCount)
    if required > 64 << 20, let available = memory(), required > available * 9 / 10 {
      throw .insufficientMemoryForEntries(
        required: required, available: available, sampledRows: estimate.sampledRows)
    }
    let entries = StreamedEntries.find(
      kernel: kernel, scales: scales, thresholds: thresholds, expected: estimate.entries,
      progress: secondPass)
    var graph = StreamedRBFGraph(
      sampleCount: n, kernel: kernel, entries: entries, diagonal: affinity.graph.diagonal,
      inputScale: scales, outputScale: affinity.graph.outputScale)
    graph.estimatedEntries = estimate.entries
    graph.earlyEstimatedEntries = early.entries
    return BuiltGraph(
      graph: graph, isolated: isolated, nearestSquaredDistance: affinity.nearestSquaredDistance)
  }
}
