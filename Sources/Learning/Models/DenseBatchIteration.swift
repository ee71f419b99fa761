import LearningKernels

/// Many fits on one dense graph, iterated side by side: one pass over the graph per iteration.
///
/// A grid search fits the same graph with several sets of labels (folds) and
/// alphas. Where the shortcut over significant entries cannot thin the graph,
/// each fit's iterations are dense products, and a product of a few classes
/// reads the whole graph for a handful of multiply-adds per weight. Here the
/// fits' label distributions sit side by side in the columns of one matrix,
/// and each iteration is one product of the full matrix with all of them
/// (`lk_dense_rows`, 12 sums per block of 6 rows in registers), followed, row by row,
/// by each fit's own update.
///
/// Every fit keeps its own stopping rule, the general loop's of `GraphModel`:
/// before each update its residual `sum |F - F_prev|` is recorded, and the fit
/// leaves the batch once that is below its tolerance or it has made its
/// `maxIterations` updates. Its distributions, iterations, convergence and
/// residuals are those of a separate fit but for the order in which the
/// product and the residual add their terms (the product here adds a row's
/// entries in column order), a rounding difference of the order of 2^-52 of a
/// row's total per iteration.
///
/// Rows are split into parts that run on every core; each part writes only
/// its own rows and its own slot of residuals, which are added in part order,
/// so the result does not depend on the schedule.
final class DenseBatchIteration: @unchecked Sendable {
  /// One fit of the batch, where its iterations stand.
  struct Fit {
    var model: GraphModel
    var state: GraphModel.IterationState
    /// The rows the update clamps to (see `GraphModel.clampedRows`).
    var clamped: [Double]
    var labels: [Int]
    var classes: Int
  }

  /// Columns per panel of the input (`lk_dense_rows`).
  static let panelWidth = 8
  /// Rows per block of the product (`lk_dense_rows`).
  static let blockRows = 6

  /// The largest graph iterated this way: the full matrix takes `count²` doubles.
  static let maximumSampleCount = 4096

  private let count: Int
  /// `weightScale` times `W + diagonal I`, every row in full.
  private let matrix: Scratch<Double>
  private let inputScale: Scratch<Double>
  private let outputScale: Scratch<Double>

  // The layout of the fits in the batch, set by `arrange`.
  private var width = 0
  private var members: [Member] = []
  /// `count x width`: the distributions, the clamped rows, the scaled input of
  /// the next product and the one after, and the product.
  private var values = Scratch<Double>(count: 0, repeating: 0)
  private var clamped = Scratch<Double>(count: 0, repeating: 0)
  private var input = Scratch<Double>(count: 0, repeating: 0)
  private var nextInput = Scratch<Double>(count: 0, repeating: 0)
  private var product = Scratch<Double>(count: 0, repeating: 0)
  /// Per part and member, the part's share of the member's residual.
  private var partials = Scratch<Double>(count: 0, repeating: 0)
  private var labels = Scratch<Int>(count: 0, repeating: 0)
  /// Per column, where row 0 of it sits in the panels of the input.
  private var panelColumn = Scratch<Int>(count: 0, repeating: 0)

  /// A fit's place in the batch: its columns and its update.
  private struct Member {
    var fit: Int
    var offset: Int
    var classes: Int
    var propagation: Bool
    var alpha: Double
  }

  /// The batch over `graph`, normalised for the fits' variant (all the same).
  init(graph: PackedSymmetricGraph) {
    let n = graph.sampleCount
    count = n
    matrix = Scratch(uninitializedCount: n * n)
    inputScale = Scratch(copying: graph.inputScale)
    outputScale = Scratch(copying: graph.outputScale)
    let full = matrix.base
    graph.upper.withUnsafeBufferPointer { upper in
      let packed = upper.baseAddress.unsafelyUnwrapped
      for row in 0..<n {
        full[row * n + row] = graph.diagonal
        let own = packed + PackedSymmetricGraph.rowOffset(row, count: n) - row - 1
        for column in (row + 1)..<max(row + 1, n) {
          full[row * n + column] = own[column]
          full[column * n + row] = own[column]
        }
      }
    }
  }

  /// Runs every fit to its end; the results come back in the order of `fits`.
  func run(_ fits: [Fit]) -> [GraphModel.IterationResult] {
    var current = fits.map(\.state.current)
    var iteration = fits.map(\.state.iteration)
    var residuals = fits.map(\.state.residuals)
    var pending = fits.map { fit in
      fit.state.pendingResidual ?? fit.state.current.reduce(0) { $0 + abs($1) }
    }
    var results = [GraphModel.IterationResult?](repeating: nil, count: fits.count)
    var arranged: [Int] = []
    while true {
      // Each fit's check before its update, as in the general loop.
      var running: [Int] = []
      for fit in arranged.isEmpty ? Array(fits.indices) : arranged {
        let model = fits[fit].model
        if iteration[fit] >= model.maxIterations {
          results[fit] = .init(
            distributions: [], iterations: model.maxIterations, converged: false,
            residuals: residuals[fit])
          continue
        }
        residuals[fit].append(pending[fit])
        if pending[fit] < model.tolerance {
          results[fit] = .init(
            distributions: [], iterations: iteration[fit], converged: true,
            residuals: residuals[fit])
          continue
        }
        running.append(fit)
      }
      if running != arranged {
        for member in members { current[member.fit] = extract(member) }
        members = []
        if !running.isEmpty {
          arrange(running.map { fits[$0] }, indices: running, current: current)
        }
        arranged = running
      }
      if running.isEmpty { break }
      step()
      for (index, member) in members.enumerated() {
        var total = 0.0
        for part in 0..<parts { total += partials.buffer[part * members.count + index] }
        pending[member.fit] = total
        iteration[member.fit] += 1
      }
    }
    return fits.indices.map { fit in
      // Every fit leaves through one of the two checks above.
      guard var result = results[fit] else { preconditionFailure("a batched fit did not end") }
      result.distributions = current[fit]
      return result
    }
  }

  /// Parts of rows for the cores, whole blocks of rows each.
  private var parts: Int {
    max(1, min(8, count * count * width / 400_000, (count + Self.blockRows - 1) / Self.blockRows))
  }

  /// Lays out `fits` (numbered `indices` in the caller's list) side by side.
  private func arrange(_ fits: [Fit], indices: [Int], current: [[Double]]) {
    var offset = 0
    members = zip(fits, indices).map { fit, index in
      defer { offset += fit.classes }
      return Member(
        fit: index, offset: offset, classes: fit.classes,
        propagation: fit.model.variant == .propagation, alpha: fit.model.alpha)
    }
    let panel = Self.panelWidth
    width = (offset + panel - 1) / panel * panel
    let n = count
    values = Scratch(count: n * width, repeating: 0)
    clamped = Scratch(count: n * width, repeating: 0)
    input = Scratch(count: n * width, repeating: 0)
    nextInput = Scratch(count: n * width, repeating: 0)
    product = Scratch(uninitializedCount: n * width)
    partials = Scratch(count: parts * members.count, repeating: 0)
    labels = Scratch(count: n * members.count, repeating: -1)
    panelColumn = Scratch(count: width, repeating: 0)
    for column in 0..<width {
      panelColumn.buffer[column] = column / panel * n * panel + column % panel
    }
    for (index, member) in members.enumerated() {
      let fit = fits[index]
      let state = current[member.fit]
      for row in 0..<n {
        labels.buffer[row * members.count + index] = fit.labels[row]
        for label in 0..<member.classes {
          let at = row * width + member.offset + label
          values.buffer[at] = state[row * member.classes + label]
          clamped.buffer[at] = fit.clamped[row * member.classes + label]
          input.buffer[panelColumn.buffer[member.offset + label] + row * panel] =
            values.buffer[at] * inputScale.buffer[row]
        }
      }
    }
  }

  /// A member's distributions, in rows of its classes.
  private func extract(_ member: Member) -> [Double] {
    var result = [Double](repeating: 0, count: count * member.classes)
    for row in 0..<count {
      for label in 0..<member.classes {
        result[row * member.classes + label] = values.buffer[row * width + member.offset + label]
      }
    }
    return result
  }

  /// One iteration of every member: the product, then each member's update.
  private func step() {
    let parts = self.parts
    let rowsPerBlock = Self.blockRows
    let blocks = (count + rowsPerBlock - 1) / rowsPerBlock
    let n = count
    forEachPart(parts) { part in
      let first = min(n, part * blocks / parts * rowsPerBlock)
      let end = min(n, (part + 1) * blocks / parts * rowsPerBlock)
      flushingSubnormals {
        lk_dense_rows(
          self.matrix.base, n, self.input.base, self.width, first, end, self.product.base)
      }
      self.update(rows: first..<end, part: part)
    }
    swap(&input, &nextInput)
  }

  /// Each member's update of `rows` (`lk_dense_update`), and its share of the residuals.
  private func update(rows: Range<Int>, part: Int) {
    let memberCount = members.count
    let partials = self.partials.base + part * memberCount
    for index in 0..<memberCount {
      let member = members[index]
      partials[index] = lk_dense_update(
        rows.lowerBound, rows.upperBound, product.base, values.base, clamped.base, width,
        member.offset, member.classes, member.propagation ? 1 : 0, member.alpha,
        labels.base + index, memberCount, outputScale.base, inputScale.base, nextInput.base,
        panelColumn.base)
    }
  }
}
