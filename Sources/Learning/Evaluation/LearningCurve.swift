import DataSets
import Dispatch
import Foundation

/// A model compared on a learning curve.
public enum CurveModel: Sendable {
  /// A graph model fitted transductively on all selected samples (through `Experiment`).
  case graph(name: String, GraphModel)
  /// `NearestNeighborClassifier` trained on the labeled samples alone.
  case supervisedNearestNeighbor

  /// The name points and summaries carry.
  public var name: String {
    switch self {
    case .graph(let name, _): name
    case .supervisedNearestNeighbor: Self.nearestNeighborName
    }
  }

  /// The name of the supervised baseline.
  public static let nearestNeighborName = "1-nearest neighbor (labeled only)"
}

/// How many labels are worth paying for: scores for growing numbers of labels.
///
/// Every (model, labeled count, seed) run repeats the example's procedure:
/// `RandomState(seed)` shuffles the rows and the first `samples` are kept
/// (z-scored over all of them when `standardize` is set); the first `labeled`
/// keep their labels. Each model is then scored by accuracy and macro F1 on
/// the other samples, those that have a ground-truth class. Graph models see
/// every selected sample (transduction); the nearest-neighbour baseline only
/// the labeled ones.
///
/// The runs are independent and spread over every core. Each run's numbers
/// depend only on its model, count and seed, never on the scheduling, and
/// the points come back in a fixed order: model, then count, then seed, each
/// in the order given.
public struct LearningCurve: Sendable {
  public static let defaultLabeledCounts = [10, 20, 40, 80, 160, 320]
  public static let defaultSeeds: [UInt32] = Array(0...9)
  /// Label spreading and label propagation with the example's RBF kernel, and the baseline.
  public static let defaultModels: [CurveModel] = [
    .graph(
      name: GraphModelVariant.spreading.displayName,
      .labelSpreading(kernel: .rbf(gamma: 0.25), maxIterations: 20)),
    .graph(
      name: GraphModelVariant.propagation.displayName,
      .labelPropagation(kernel: .rbf(gamma: 0.25), maxIterations: 1000)),
    .supervisedNearestNeighbor,
  ]

  /// How many samples keep their label, each between 1 and `samples - 1`.
  public var labeledCounts: [Int]
  public var seeds: [UInt32]
  /// How many shuffled rows to use; `nil` for all.
  public var samples: Int?
  public var standardize: Bool
  /// The models to compare; their names must be distinct.
  public var models: [CurveModel]

  public init(
    labeledCounts: [Int] = Self.defaultLabeledCounts, seeds: [UInt32] = Self.defaultSeeds,
    samples: Int? = 340, standardize: Bool = false, models: [CurveModel] = Self.defaultModels
  ) {
    self.labeledCounts = labeledCounts
    self.seeds = seeds
    self.samples = samples
    self.standardize = standardize
    self.models = models
  }

  /// Runs every (model, labeled count, seed) combination on `data`.
  ///
  /// - Parameter progress: called with (runs finished, runs in total) after
  ///   each run, from worker threads; calls may arrive slightly out of order.
  /// - Throws: `LearningError.invalidParameter` for a count outside
  ///   `1...samples - 1`, a repeated count, seed or model name, or a count that
  ///   leaves no unlabeled sample with a known class; otherwise the error of
  ///   the first failing run, in point order.
  public func run(
    on data: DataSet, progress: (@Sendable (Int, Int) -> Void)? = nil
  ) throws(LearningError) -> LearningCurveResult {
    try run(on: data, progress: progress, concurrently: true)
  }

  /// `run(on:progress:)`, optionally on the calling thread alone (for tests).
  func run(
    on data: DataSet, progress: (@Sendable (Int, Int) -> Void)?, concurrently: Bool
  ) throws(LearningError) -> LearningCurveResult {
    let sampleCount = try validate(for: data)
    let runs = models.indices.flatMap { model in
      labeledCounts.flatMap { labeled in
        seeds.map { Run(model: model, labeled: labeled, seed: $0) }
      }
    }
    // The baseline's selections depend on the seed only: make each once.
    let needsSelections = models.contains {
      if case .supervisedNearestNeighbor = $0 { true } else { false }
    }
    let selections = Dictionary(
      uniqueKeysWithValues: (needsSelections ? seeds : []).map { seed in
        (seed, Self.selection(of: data, seed: seed, samples: sampleCount, standardize: standardize))
      })
    let total = runs.count
    let workers = concurrently ? min(total, concurrentRunLimit(sampleCount: sampleCount)) : 1
    let claimed = ProgressCounter()
    let finished = ProgressCounter()
    var outcomes = [Result<CurvePoint, LearningError>?](repeating: nil, count: total)
    outcomes.withUnsafeMutableBufferPointer { buffer in
      let shared = SharedBuffer(buffer)
      // Each worker takes the next unclaimed run until none is left; every run
      // writes only its own slot, so the order of completion does not matter.
      forEachWorker(workers) { _ in
        while true {
          let index = claimed.add(1) - 1
          if index >= total { break }
          let run = runs[index]
          shared[index] = Result { () throws(LearningError) in
            try point(
              of: run, on: data, sampleCount: sampleCount, selection: selections[run.seed])
          }
          progress?(finished.add(1), total)
        }
      }
    }
    var points: [CurvePoint] = []
    points.reserveCapacity(total)
    for outcome in outcomes {
      // Every slot was written; a missing one would be a bug in the loop above.
      guard let outcome else { preconditionFailure("a curve run did not report") }
      points.append(try outcome.get())
    }
    return LearningCurveResult(curve: self, points: points, summary: summarize(points))
  }

  /// Checks the parameters against `data`; returns the number of samples used.
  private func validate(for data: DataSet) throws(LearningError) -> Int {
    let sampleCount = samples ?? data.sampleCount
    guard sampleCount >= 2, sampleCount <= data.sampleCount else {
      throw .invalidParameter(
        name: "samples", value: "\(sampleCount)",
        expected: "between 2 and the number of rows (\(data.sampleCount))")
    }
    guard !labeledCounts.isEmpty else {
      throw .invalidParameter(name: "labeled counts", value: "empty", expected: "at least one")
    }
    for count in labeledCounts where count < 1 || count > sampleCount - 1 {
      throw .invalidParameter(
        name: "labeled", value: "\(count)",
        expected: "between 1 and samples - 1 (\(sampleCount - 1)), so that some are unlabeled")
    }
    if let repeated = firstRepeated(labeledCounts) {
      throw .invalidParameter(name: "labeled", value: "\(repeated)", expected: "listed once")
    }
    guard !seeds.isEmpty else {
      throw .invalidParameter(name: "seeds", value: "empty", expected: "at least one")
    }
    if let repeated = firstRepeated(seeds) {
      throw .invalidParameter(name: "seed", value: "\(repeated)", expected: "listed once")
    }
    guard !models.isEmpty else {
      throw .invalidParameter(name: "models", value: "empty", expected: "at least one")
    }
    if let repeated = firstRepeated(models.map(\.name)) {
      throw .invalidParameter(
        name: "model name", value: "\"\(repeated)\"", expected: "different from the others")
    }
    for model in models {
      if case .graph(_, let graphModel) = model {
        try graphModel.validate(sampleCount: sampleCount)
      }
    }
    return sampleCount
  }

  /// How many runs may be in flight at once: one per core, fewer when the
  /// RBF graphs of simultaneous fits would not fit in memory together.
  private func concurrentRunLimit(sampleCount: Int) -> Int {
    let cores = processorCount
    let usesRBF = models.contains {
      if case .graph(_, let model) = $0, case .rbf = model.kernel { true } else { false }
    }
    guard usesRBF, let available = availableMemory() else { return cores }
    let perRun = max(PackedSymmetricGraph.requiredBytes(count: sampleCount), 1)
    return max(1, min(cores, Int(clamping: available * 9 / 10 / perRun)))
  }

  private struct Run: Sendable {
    var model: Int
    var labeled: Int
    var seed: UInt32
  }

  private func point(
    of run: Run, on data: DataSet, sampleCount: Int, selection: DataSet?
  ) throws(LearningError) -> CurvePoint {
    let model = models[run.model]
    let report: ClassificationReport?
    let evaluated: Int
    switch model {
    case .graph(_, let graphModel):
      let experiment = Experiment(
        seed: run.seed, samples: sampleCount, labeled: run.labeled, standardize: standardize,
        model: graphModel, uncertainCount: 1)
      let result = try experiment.run(on: data)
      report = result.report
      evaluated = result.evaluatedIndices.count
    case .supervisedNearestNeighbor:
      guard let selection else { preconditionFailure("no selection for seed \(run.seed)") }
      let outcome = try Self.nearestNeighborReport(selection, labeled: run.labeled)
      report = outcome.report
      evaluated = outcome.evaluated
    }
    guard let report else {
      throw .invalidParameter(
        name: "labeled", value: "\(run.labeled)",
        expected: "small enough that some unlabeled sample has a known class "
          + "(with seed \(run.seed), none has)")
    }
    return CurvePoint(
      model: model.name, labeled: run.labeled, seed: run.seed, evaluated: evaluated,
      accuracy: report.accuracy, macroF1: report.macroAverage.f1)
  }

  /// The samples `Experiment` selects for `seed`: shuffled rows, the first `samples`, z-scored if asked.
  static func selection(of data: DataSet, seed: UInt32, samples: Int, standardize: Bool)
    -> DataSet
  {
    data.shuffledSelection(seed: seed, count: samples, standardize: standardize).data
  }

  /// Fits the baseline on the first `labeled` samples and scores it on the rest.
  static func nearestNeighborReport(_ selection: DataSet, labeled: Int) throws(LearningError)
    -> (report: ClassificationReport?, evaluated: Int)
  {
    let width = selection.featureCount
    let training = (0..<labeled).filter { selection.targets[$0] != -1 }
    let scored = (labeled..<selection.sampleCount).filter { selection.targets[$0] != -1 }
    let classifier = try NearestNeighborClassifier(
      features: training.flatMap { selection.row($0) }, featureCount: width,
      labels: training.map { selection.targets[$0] })
    guard !scored.isEmpty else { return (nil, 0) }
    let predicted = try classifier.predict(scored.flatMap { selection.row($0) })
    let report = ClassificationReport(
      truth: scored.map { selection.targets[$0] }, predicted: predicted,
      classNames: selection.classNames)
    return (report, scored.count)
  }

  private func summarize(_ points: [CurvePoint]) -> [CurveSummary] {
    var summary: [CurveSummary] = []
    let perModel = labeledCounts.count * seeds.count
    for (modelIndex, model) in models.enumerated() {
      for (countIndex, labeled) in labeledCounts.enumerated() {
        let start = modelIndex * perModel + countIndex * seeds.count
        let group = points[start..<(start + seeds.count)]
        summary.append(
          CurveSummary(
            model: model.name, labeled: labeled, accuracies: group.map(\.accuracy),
            macroF1s: group.map(\.macroF1)))
      }
    }
    return summary
  }
}

/// The first element that occurs a second time, if any.
private func firstRepeated<Element: Hashable>(_ values: [Element]) -> Element? {
  var seen = Set<Element>()
  return values.first { !seen.insert($0).inserted }
}

/// One run of a learning curve: a model's scores for one labeled count and seed.
public struct CurvePoint: Sendable, Equatable {
  public let model: String
  /// How many of the selected samples kept their label.
  public let labeled: Int
  public let seed: UInt32
  /// How many unlabeled samples had a known class and were scored.
  public let evaluated: Int
  public let accuracy: Double
  /// The unweighted mean of the per-class F1 scores (`classification_report`'s macro avg).
  public let macroF1: Double
}

/// Accuracy over the seeds for one model and labeled count.
public struct CurveSummary: Sendable, Equatable {
  public let model: String
  public let labeled: Int
  /// Number of seeds (runs) summarised.
  public let runs: Int
  public let mean: Double
  /// Population standard deviation (divisor `runs`, NumPy's default `ddof=0`).
  public let standardDeviation: Double
  public let minimum: Double
  public let maximum: Double
  /// Mean macro F1 over the same runs.
  public let meanMacroF1: Double

  init(model: String, labeled: Int, accuracies: [Double], macroF1s: [Double]) {
    let count = Double(accuracies.count)
    let mean = accuracies.reduce(0, +) / count
    let squares = accuracies.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    self.model = model
    self.labeled = labeled
    self.runs = accuracies.count
    self.mean = mean
    self.standardDeviation = (squares / count).squareRoot()
    self.minimum = accuracies.min() ?? .nan
    self.maximum = accuracies.max() ?? .nan
    self.meanMacroF1 = macroF1s.reduce(0, +) / count
  }
}

/// Every run of a learning curve and the per-(model, count) summary.
public struct LearningCurveResult: Sendable {
  public let curve: LearningCurve
  /// Model by model, count by count, seed by seed, in the orders the curve lists them.
  public let points: [CurvePoint]
  /// One entry per model and labeled count, in the same order.
  public let summary: [CurveSummary]
}
