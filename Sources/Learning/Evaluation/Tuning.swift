import DataSets
import Foundation

/// A cross-validated search over gamma or k, alpha and the model, on the labels a person has.
///
/// The protocol: the labeled samples (in sample order) are split by
/// `StratifiedKFold` on their classes. For each cell of the grid and each
/// fold, that fold's labels are hidden (they become unlabeled), the model is
/// fitted on all samples, and its transduction of the hidden samples is
/// scored (accuracy and macro F1). A cell's score is the mean over folds,
/// with the population standard deviation. When the unlabeled samples' true
/// classes are known, each cell is also fitted with every label and scored on
/// them, which real data cannot offer.
///
/// The graph depends on gamma or k only: it is built once per value and
/// shared by every model, fold and alpha (see `ReusableGraph`). Each fit runs
/// alone as far as the shortcut over significant entries takes it; the fits
/// of a dense RBF graph that are left then iterate side by side, one batch
/// per model (`DenseBatchIteration`), each to its own stop. Each fit equals
/// `GraphModel.fit` with the same settings and labels to within rounding (the
/// graph's `2^-50` relative guarantee, and the batch's order of sums).
public struct Tuning: Sendable {
  public static let defaultAlphas = [0.1, 0.2, 0.5, 0.8, 0.9]
  public static let defaultNeighbors = [3, 5, 7, 10, 15, 20]
  /// Multiples of `1 / median nearest squared distance` in the default gamma grid.
  public static let defaultGammaFactors = [0.1, 0.3, 1, 3, 10]

  /// The models to compare, in grid order.
  public var variants: [GraphModelVariant]
  /// The graphs to try, in grid order: all RBF or all kNN.
  public var kernels: [Kernel]
  /// Label spreading's clamping factors, in grid order (propagation has none).
  public var alphas: [Double]
  public var spreadingMaxIterations: Int
  public var propagationMaxIterations: Int
  public var tolerance: Double
  public var folds: StratifiedKFold

  public init(
    variants: [GraphModelVariant] = [.spreading, .propagation], kernels: [Kernel],
    alphas: [Double] = Self.defaultAlphas, spreadingMaxIterations: Int = 20,
    propagationMaxIterations: Int = 1000, tolerance: Double = 1e-3,
    folds: StratifiedKFold = StratifiedKFold()
  ) {
    self.variants = variants
    self.kernels = kernels
    self.alphas = alphas
    self.spreadingMaxIterations = spreadingMaxIterations
    self.propagationMaxIterations = propagationMaxIterations
    self.tolerance = tolerance
    self.folds = folds
  }

  /// The default gammas for these samples and the median they are derived from.
  ///
  /// `1 / m`, with `m` the median over samples of the squared distance to the
  /// nearest other sample (duplicates, at distance 0, left out), puts a
  /// typical nearest neighbour at weight `exp(-1)`; the grid spans a decade
  /// either side, each value rounded to two significant digits.
  public static func defaultGammas(features: [Double], featureCount: Int) throws(LearningError)
    -> (gammas: [Double], medianNearestSquaredDistance: Double)
  {
    let n = featureCount > 0 ? features.count / featureCount : 0
    guard n >= 2 else {
      throw .invalidParameter(name: "samples", value: "\(n)", expected: "at least 2")
    }
    let lists = try features.withUnsafeBufferPointer { buffer throws(LearningError) in
      try NeighborLists.compute(
        Samples(values: buffer, count: n, dimension: featureCount), neighbors: 2, progress: nil)
    }
    var nearest: [Double] = []
    for sample in 0..<n {
      let other =
        lists.indices[sample * 2] == sample
        ? lists.indices[sample * 2 + 1]
        : lists.indices[sample * 2]
      var distance = 0.0
      for feature in 0..<featureCount {
        let difference =
          features[sample * featureCount + feature]
          - features[other * featureCount + feature]
        distance += difference * difference
      }
      if distance > 0 { nearest.append(distance) }
    }
    guard !nearest.isEmpty else {
      throw .invalidParameter(
        name: "samples", value: "identical", expected: "not all at the same point")
    }
    nearest.sort()
    let middle = nearest.count / 2
    let median =
      nearest.count % 2 == 1 ? nearest[middle] : (nearest[middle - 1] + nearest[middle]) / 2
    let gammas = defaultGammaFactors.map { factor in
      Double(String(format: "%.2g", 1 / median * factor)) ?? 1 / median * factor
    }
    return (gammas, median)
  }

  /// The default neighbour counts that `sampleCount` samples allow.
  public static func defaultNeighborCounts(sampleCount: Int) -> [Int] {
    let allowed = defaultNeighbors.filter { $0 <= sampleCount }
    return allowed.isEmpty ? [max(1, sampleCount)] : allowed
  }

  /// The models of the grid, in order: variant, then kernel, then alpha.
  public var cellModels: [GraphModel] {
    variants.flatMap { variant in
      kernels.flatMap { kernel in
        switch variant {
        case .spreading:
          alphas.map {
            GraphModel(
              variant: .spreading, kernel: kernel, alpha: $0,
              maxIterations: spreadingMaxIterations, tolerance: tolerance)
          }
        case .propagation:
          [
            GraphModel(
              variant: .propagation, kernel: kernel, alpha: 0,
              maxIterations: propagationMaxIterations, tolerance: tolerance)
          ]
        }
      }
    }
  }

  /// Runs the grid on `data` (the selected samples, their true classes in
  /// `targets`, -1 where unknown) with `labels` as the model sees them.
  ///
  /// - Parameter progress: called with (fits done, fits in total), from worker threads.
  public func run(
    on data: DataSet, labels: [Int], progress: (@Sendable (Int, Int) -> Void)? = nil
  ) throws(LearningError) -> TuningResult {
    let n = data.sampleCount
    try validate(sampleCount: n, labels: labels)
    if let bad = data.features.firstIndex(where: { !$0.isFinite }) {
      throw .nonFiniteFeature(sample: bad / data.featureCount, feature: bad % data.featureCount)
    }
    let labeled = labels.indices.filter { labels[$0] != -1 }
    let assignment = try folds.assign(classes: labeled.map { labels[$0] })
    let foldSets = assignment.testSets.map { $0.map { labeled[$0] } }
    let scored = (0..<n).filter { labels[$0] == -1 && data.targets[$0] != -1 }
    // Label sets: one per fold, then every label (only worth fitting when it can be scored).
    let labelSets =
      foldSets.map { hidden in
        var hiddenLabels = labels
        for sample in hidden { hiddenLabels[sample] = -1 }
        return hiddenLabels
      } + (scored.isEmpty ? [] : [labels])
    let models = cellModels
    let fitsPerKernel = models.count / kernels.count * labelSets.count
    let total = fitsPerKernel * kernels.count
    let done = ProgressCounter()
    var outcomes = [FitScore?](repeating: nil, count: models.count * labelSets.count)
    for kernel in kernels {
      let graph = try ReusableGraph.build(
        kernel: kernel, features: data.features, featureCount: data.featureCount)
      let normalized = variants.map { graph.normalized(for: $0) }
      // One job per (model variant, label set): its significant entries serve every alpha.
      let jobs = variants.indices.flatMap { v in labelSets.indices.map { (variant: v, set: $0) } }
      let cellsOfJob: [[Int]] = jobs.map { job in
        models.indices.filter {
          models[$0].kernel == kernel && models[$0].variant == variants[job.variant]
        }
      }
      // Each fit runs alone as far as the shortcut takes it; what is left for
      // dense iterations waits for the batch of its variant.
      let started = try runJobs(jobs.count) {
        (index) throws(LearningError) -> [GraphModel.PreparedFit] in
        let job = jobs[index]
        let labelSet = labelSets[job.set]
        let prepared = normalized[job.variant].labeled(labelSet)
        var fits: [GraphModel.PreparedFit] = []
        for cell in cellsOfJob[index] {
          let fit = try models[cell].start(
            prepared: prepared, labels: labelSet, features: data.features,
            featureCount: data.featureCount, batching: true)
          if case .fitted = fit { progress?(done.add(1), total) }
          fits.append(fit)
        }
        return fits
      }
      // Per variant, the dense fits of every label set and alpha side by side.
      var iterated: [[GraphModel.IterationResult?]] = started.map { $0.map { _ in nil } }
      for variant in variants.indices {
        var places: [(job: Int, position: Int)] = []
        var fits: [DenseBatchIteration.Fit] = []
        for (index, job) in jobs.enumerated() where job.variant == variant {
          for (position, fit) in started[index].enumerated() {
            if case .dense(let waiting) = fit {
              places.append((index, position))
              fits.append(waiting)
            }
          }
        }
        guard !fits.isEmpty, let packed = normalized[variant].built.graph as? PackedSymmetricGraph
        else { continue }
        for (place, result) in zip(places, DenseBatchIteration(graph: packed).run(fits)) {
          iterated[place.job][place.position] = result
        }
      }
      let batched = iterated
      let results = try runJobs(jobs.count) { (index) throws(LearningError) -> [FitScore] in
        let job = jobs[index]
        let labelSet = labelSets[job.set]
        let hidden = job.set < foldSets.count ? foldSets[job.set] : scored
        return zip(cellsOfJob[index], started[index]).enumerated().map { position, pair in
          let (cell, fit) = pair
          switch fit {
          case .fitted(let fitted):
            return FitScore(fitted: fitted, hidden: hidden, data: data)
          case .dense:
            // The batch above iterated every dense fit.
            guard let iteration = batched[index][position] else {
              preconditionFailure("a dense tuning fit was not iterated")
            }
            let fitted = models[cell].finish(
              prepared: normalized[job.variant].labeled(labelSet), labels: labelSet,
              iteration: iteration, features: data.features, featureCount: data.featureCount)
            progress?(done.add(1), total)
            return FitScore(fitted: fitted, hidden: hidden, data: data)
          }
        }
      }
      for (index, job) in jobs.enumerated() {
        for (position, cell) in cellsOfJob[index].enumerated() {
          outcomes[cell * labelSets.count + job.set] = results[index][position]
        }
      }
    }
    let cells = models.indices.map { cell in
      let row = (0..<labelSets.count).map { set in
        // Every slot was written above; a missing one would be a bug in the loop.
        guard let score = outcomes[cell * labelSets.count + set] else {
          preconditionFailure("a tuning fit did not report")
        }
        return score
      }
      let perFold = Array(row.prefix(foldSets.count))
      let accuracy = meanAndStandardDeviation(perFold.map(\.accuracy))
      let full = scored.isEmpty ? nil : row.last
      return TuningCell(
        model: models[cell], foldAccuracies: perFold.map(\.accuracy),
        foldMacroF1: perFold.map(\.macroF1), mean: accuracy.mean,
        standardDeviation: accuracy.deviation,
        macroF1: meanAndStandardDeviation(perFold.map(\.macroF1)).mean,
        unlabeledAccuracy: full?.accuracy,
        foldsNotConverged: perFold.filter { !$0.converged }.count,
        fullFitConverged: full?.converged)
    }
    var warnings: [String] = []
    if let warning = assignment.warning { warnings.append(warning) }
    let notConverged = cells.reduce(0) { $0 + $1.foldsNotConverged }
    if notConverged > 0 {
      warnings.append(
        "\(notConverged) of \(cells.count * foldSets.count) cross-validation fits reached "
          + "max_iter without converging (tol \(tolerance)); their scores stand as fitted")
    }
    return TuningResult(
      tuning: self, folds: foldSets, cells: cells, bestIndex: TuningResult.bestIndex(of: cells),
      labeledCount: labeled.count, scoredUnlabeledCount: scored.count, warnings: warnings)
  }

  /// Checks the grid against `sampleCount` samples and their labels.
  private func validate(sampleCount: Int, labels: [Int]) throws(LearningError) {
    guard labels.count == sampleCount else {
      throw .shapeMismatch("expected \(sampleCount) labels, got \(labels.count)")
    }
    guard !variants.isEmpty else {
      throw .invalidParameter(name: "models", value: "empty", expected: "at least one")
    }
    guard !kernels.isEmpty else {
      throw .invalidParameter(name: "kernels", value: "empty", expected: "at least one value")
    }
    if variants.contains(.spreading), alphas.isEmpty {
      throw .invalidParameter(name: "alphas", value: "empty", expected: "at least one value")
    }
    let families = Set(kernels.map(\.name))
    guard families.count == 1 else {
      throw .invalidParameter(
        name: "kernels", value: families.sorted().joined(separator: " and "),
        expected: "all of one kind")
    }
    for (name, repeated) in [
      ("models", firstRepeatedValue(variants.map(\.rawValue))),
      ("kernels", firstRepeatedValue(kernels.map(\.description))),
      ("alphas", firstRepeatedValue(alphas.map { "\($0)" })),
    ] {
      if let repeated {
        throw .invalidParameter(name: name, value: repeated, expected: "listed once")
      }
    }
    for model in cellModels { try model.validate(sampleCount: sampleCount) }
    if case .rbf = kernels[0] {
      let required = PackedSymmetricGraph.requiredBytes(count: sampleCount)
      if required > 64 << 20, let available = availableMemory(), required > available * 9 / 10 {
        throw .insufficientMemory(required: required, available: available)
      }
    }
  }

  /// Runs `count` jobs over every core; results come back in job order.
  private func runJobs<Output: Sendable>(
    _ count: Int, _ job: @Sendable (Int) throws(LearningError) -> Output
  ) throws(LearningError) -> [Output] {
    var outcomes = [Result<Output, LearningError>?](repeating: nil, count: count)
    let claimed = ProgressCounter()
    outcomes.withUnsafeMutableBufferPointer { buffer in
      let shared = SharedBuffer(buffer)
      forEachWorker(min(count, processorCount)) { _ in
        while true {
          let index = claimed.add(1) - 1
          if index >= count { break }
          shared[index] = Result { () throws(LearningError) in try job(index) }
        }
      }
    }
    var results: [Output] = []
    for outcome in outcomes {
      guard let outcome else { preconditionFailure("a tuning job did not report") }
      results.append(try outcome.get())
    }
    return results
  }
}

/// The scores of one fit on the samples it was asked about.
struct FitScore: Sendable {
  var accuracy: Double
  var macroF1: Double
  var converged: Bool

  init(fitted: FittedGraphModel, hidden: [Int], data: DataSet) {
    let transduction = fitted.transduction
    let report = ClassificationReport(
      truth: hidden.map { data.targets[$0] }, predicted: hidden.map { transduction[$0] },
      classNames: data.classNames)
    accuracy = report.accuracy
    macroF1 = report.macroAverage.f1
    converged = fitted.converged
  }
}

/// The first value that occurs a second time, if any.
private func firstRepeatedValue(_ values: [String]) -> String? {
  var seen = Set<String>()
  return values.first { !seen.insert($0).inserted }
}
