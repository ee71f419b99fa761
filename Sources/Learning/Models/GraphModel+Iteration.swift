/// The iterations of `GraphModel`: the shortcut over significant entries while
/// it holds, then the general loop over the graph's own product.
extension GraphModel {
  struct IterationResult {
    var distributions: [Double]
    var iterations: Int
    var converged: Bool
    var residuals: [Double]
  }

  /// Where the iterations stand: `current` after `iteration` updates.
  struct IterationState {
    var current: [Double]
    var iteration = 0
    var residuals: [Double] = []
    /// `sum |current - previous|` when known (the distributions before the
    /// first update count as zero).
    var pendingResidual: Double?
  }

  /// How far the shortcut got: done, or where the general loop must take over.
  enum ShortcutOutcome {
    case finished(IterationResult)
    case continuing(IterationState)
  }

  /// `1 - alpha` times the one-hot rows (spreading), or the one-hot rows (propagation).
  func clampedRows(oneHot: [Double]) -> [Double] {
    variant == .spreading ? oneHot.map { $0 * (1 - alpha) } : oneHot
  }

  func iterate(
    graph: any LabelGraph, oneHot: [Double], labels: [Int], classCount: Int,
    progress: (@Sendable (FitProgress) -> Void)?
  ) -> IterationResult {
    switch iterateWithShortcut(
      graph: graph, oneHot: oneHot, labels: labels, classCount: classCount, progress: progress)
    {
    case .finished(let result): return result
    case .continuing(let state):
      return iterateInGeneral(
        graph: graph, from: state, clamped: clampedRows(oneHot: oneHot), labels: labels,
        classCount: classCount, progress: progress)
    }
  }

  /// The iterations over the graph's significant entries, as long as the
  /// shortcut holds; the state to go on from when it declines, or when the
  /// graph has none (then nothing is done yet).
  func iterateWithShortcut(
    graph: any LabelGraph, oneHot: [Double], labels: [Int], classCount: Int,
    progress: (@Sendable (FitProgress) -> Void)?
  ) -> ShortcutOutcome {
    guard let shortcutGraph = graph as? any ShortcutGraph,
      let entries = shortcutGraph.shortcutEntries
    else {
      return .continuing(IterationState(current: oneHot))
    }
    var state = IterationState(current: oneHot)
    let shortcut = ShortcutIteration(
      graph: shortcutGraph, entries: entries, start: oneHot, classes: classCount,
      propagation: variant == .propagation, alpha: alpha, clamped: clampedRows(oneHot: oneHot),
      labels: labels)
    var residual = oneHot.reduce(0) { $0 + abs($1) }
    while state.iteration < maxIterations {
      if residual < tolerance {
        state.residuals.append(residual)
        progress?(.iteration(state.iteration, residual: residual))
        return .finished(
          IterationResult(
            distributions: shortcut.distributions, iterations: state.iteration, converged: true,
            residuals: state.residuals))
      }
      // When the shortcut declines, the general loop takes over from here.
      guard let next = shortcut.step() else {
        return .continuing(
          IterationState(
            current: shortcut.distributions, iteration: state.iteration,
            residuals: state.residuals, pendingResidual: residual))
      }
      state.residuals.append(residual)
      progress?(.iteration(state.iteration, residual: residual))
      state.iteration += 1
      residual = next
    }
    return .finished(
      IterationResult(
        distributions: shortcut.distributions, iterations: maxIterations, converged: false,
        residuals: state.residuals))
  }

  /// The iterations with the graph's own product, from `state` on.
  func iterateInGeneral(
    graph: any LabelGraph, from state: IterationState, clamped: [Double], labels: [Int],
    classCount: Int, progress: (@Sendable (FitProgress) -> Void)?
  ) -> IterationResult {
    let count = state.current.count
    var current = state.current
    var previous = [Double](repeating: 0, count: count)
    var pending = state.pendingResidual
    var residuals = state.residuals
    var converged = false
    var iterations = maxIterations
    var workspace: [Double] = []
    for iteration in state.iteration..<maxIterations {
      var residual = 0.0
      if let known = pending {
        residual = known
        pending = nil
      } else {
        for index in 0..<count { residual += abs(current[index] - previous[index]) }
      }
      residuals.append(residual)
      progress?(.iteration(iteration, residual: residual))
      if residual < tolerance {
        converged = true
        iterations = iteration
        break
      }
      swap(&current, &previous)
      previous.withUnsafeBufferPointer { input in
        current.withUnsafeMutableBufferPointer { output in
          graph.multiply(input, classes: classCount, into: output, workspace: &workspace)
        }
      }
      switch variant {
      case .spreading:
        for index in 0..<count { current[index] = alpha * current[index] + clamped[index] }
      case .propagation:
        normalizeRows(&current, classCount: classCount)
        for (sample, label) in labels.enumerated() where label != -1 {
          for column in 0..<classCount {
            current[sample * classCount + column] = clamped[sample * classCount + column]
          }
        }
      }
    }
    return IterationResult(
      distributions: current, iterations: iterations, converged: converged,
      residuals: residuals)
  }
}
