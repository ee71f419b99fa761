import DataSets
import Foundation

/// One run of the example's procedure: shuffle, keep a few labels, fit, evaluate.
///
/// 1. `RandomState(seed).shuffle(arange(rows))`, keep the first `samples`.
/// 2. Optionally z-score the selected features (`StandardScaler`).
/// 3. The first `labeled` samples that have a class keep it, every later class
///    becomes -1 (`TrainingLabels`); rows the data leaves at -1 stay unlabeled.
///    A person's `answers` then label their rows, whatever `labeled` hid.
/// 4. Fit the model; score its predictions on the samples that lost their
///    label; rank every sample by entropy.
public struct Experiment: Sendable {
  public var seed: UInt32
  /// How many shuffled rows to use; `nil` for all.
  public var samples: Int?
  /// How many of the samples that have a class keep it; `nil` keeps every label the data has.
  public var labeled: Int?
  public var standardize: Bool
  public var model: GraphModel
  /// How many of the most uncertain samples to single out.
  public var uncertainCount: Int
  /// Whether `uncertainCount` may exceed the unlabeled samples; the ranking itself is over
  /// every sample, as in scikit-learn's example.
  public var uncertainLimit = UncertainLimit.samples
  /// Classes a person gave, by data row (source index): class codes into the data's names.
  ///
  /// Answered rows in the selection are labeled for the fit; the data set is unchanged.
  public var answers: [Int: Int] = [:]

  public init(
    seed: UInt32 = 2, samples: Int? = 340, labeled: Int? = 40, standardize: Bool = false,
    model: GraphModel = .labelSpreading(kernel: .rbf(gamma: 0.25), maxIterations: 20),
    uncertainCount: Int = 10
  ) {
    self.seed = seed
    self.samples = samples
    self.labeled = labeled
    self.standardize = standardize
    self.model = model
    self.uncertainCount = uncertainCount
  }

  /// Runs the procedure on `data`.
  public func run(
    on data: DataSet, progress: (@Sendable (FitProgress) -> Void)? = nil
  ) throws(LearningError) -> ExperimentResult {
    let sampleCount = samples ?? data.sampleCount
    guard sampleCount >= 1, sampleCount <= data.sampleCount else {
      throw .invalidParameter(
        name: "samples", value: "\(sampleCount)",
        expected: "between 1 and the number of rows (\(data.sampleCount))")
    }
    guard uncertainCount >= 1 else {
      throw .invalidParameter(name: "uncertain", value: "\(uncertainCount)", expected: ">= 1")
    }
    let (raw, sourceIndices) = data.shuffledSelection(
      seed: seed, count: sampleCount, standardize: false)
    let scaler = standardize ? StandardScaler(fitting: raw) : nil
    var selected = raw
    if let scaler { selected.features = scaler.transform(raw.features) }
    try TrainingLabels.check(labeled, of: selected.targets, name: "labeled")
    var training = TrainingLabels.keepingFirst(labeled, of: selected.targets)
    var answered: [Int] = []
    for (sample, source) in sourceIndices.enumerated() {
      guard let answer = answers[source] else { continue }
      guard answer >= 0, answer < data.classNames.count else {
        throw .invalidParameter(
          name: "answer for row \(source)", value: "\(answer)",
          expected: "a class code between 0 and \(data.classNames.count - 1)")
      }
      training[sample] = answer
      answered.append(sample)
    }
    let labeledCount = TrainingLabels.labeledCount(training)
    let uncertainShown = try uncertainCount(unlabeled: sampleCount - labeledCount)

    let fitted = try model.fit(
      features: selected.features, featureCount: selected.featureCount, labels: training,
      progress: progress)
    let transduction = fitted.transduction
    let evaluated = (0..<sampleCount).filter { training[$0] == -1 && selected.targets[$0] != -1 }
    var report: ClassificationReport?
    var confusion: ConfusionMatrix?
    if !evaluated.isEmpty {
      let truth = evaluated.map { selected.targets[$0] }
      let predicted = evaluated.map { transduction[$0] }
      report = ClassificationReport(
        truth: truth, predicted: predicted, classNames: selected.classNames)
      confusion = ConfusionMatrix(truth: truth, predicted: predicted, labels: fitted.classes)
    }
    let maximumEntropy = log(Double(max(fitted.classes.count, 1)))
    let defined = (0..<sampleCount).map { entropy(fitted.distribution($0)) }
    let entropies = defined.map { $0 ?? maximumEntropy }
    let uncertain = mostUncertainFirst(defined, count: uncertainShown)
    return ExperimentResult(
      experiment: self, data: selected, sourceIndices: sourceIndices,
      scaler: scaler, trainingLabels: training, labeledCount: labeledCount,
      answeredSamples: answered, model: fitted,
      transduction: transduction, evaluatedIndices: evaluated, report: report,
      confusionMatrix: confusion, entropies: entropies, uncertain: uncertain,
      warnings: warnings(
        data: selected, sourceIndices: sourceIndices, training: training, fitted: fitted))
  }

  /// `uncertainCount` within `uncertainLimit`, given `unlabeled` samples.
  private func uncertainCount(unlabeled: Int) throws(LearningError) -> Int {
    switch uncertainLimit {
    case .samples: return uncertainCount
    case .unlabeledCuttingMore: return min(uncertainCount, unlabeled)
    case .unlabeledRefusingMore:
      guard uncertainCount <= unlabeled else {
        throw .invalidParameter(
          name: "uncertain", value: "\(uncertainCount)",
          expected: "at most the number of unlabeled samples (\(unlabeled))")
      }
      return uncertainCount
    }
  }

  private func warnings(
    data: DataSet, sourceIndices: [Int], training: [Int], fitted: FittedGraphModel
  ) -> [String] {
    var warnings: [String] = []
    let labeledClasses = Set(training.filter { $0 != -1 })
    if labeledClasses.count == 1 {
      warnings.append(
        "only one class (\(data.classNames[fitted.classes[0]])) has labeled samples, "
          + "so every sample is predicted as that class")
    }
    let present = Set(data.targets.filter { $0 != -1 })
    let missing = present.subtracting(labeledClasses).sorted()
    if !missing.isEmpty {
      let names = missing.map { data.classNames[$0] }.joined(separator: ", ")
      warnings.append(
        "\(missing.count == 1 ? "class" : "classes") \(names) \(missing.count == 1 ? "has" : "have") "
          + "no labeled sample and cannot be predicted")
    }
    if !fitted.converged {
      warnings.append(
        "max_iter=\(model.maxIterations) was reached without convergence "
          + "(last residual \(fitted.residuals.last.map { String(format: "%.3g", $0) } ?? "?"), "
          + "tol \(model.tolerance))")
    }
    warnings += fitted.reach.warnings(for: fitted)
    if let repeated = repeatedSamplesWarning(
      data.repeatedSamples(), sourceIndices: sourceIndices)
    {
      warnings.append(repeated)
    }
    return warnings
  }
}

extension DataSet {
  /// The rows a run uses: the first `count` of `RandomState(seed)`'s permutation, their
  /// missing values filled if the file was read with `--missing mean|median`, z-scored if asked.
  ///
  /// Every procedure (the report, active learning, the learning curve) selects
  /// its samples this way, which is what makes them match scikit-learn's examples.
  public func shuffledSelection(seed: UInt32, count: Int, standardize: Bool)
    -> (data: DataSet, sourceIndices: [Int])
  {
    var random = RandomState(seed: seed)
    let sourceIndices = Array(random.permutation(sampleCount).prefix(count))
    let selected = subset(sourceIndices).fillingMissingValues()
    return (standardize ? selected.standardized() : selected, sourceIndices)
  }
}

/// Everything a report shows about one `Experiment` run.
public struct ExperimentResult: Sendable {
  public let experiment: Experiment
  /// The selected samples, in sample order (standardised if asked).
  public let data: DataSet
  /// For each sample, its row in the original data set.
  public let sourceIndices: [Int]
  /// The means and scales the features were z-scored with; `nil` when not standardised.
  public let scaler: StandardScaler?
  /// The labels given to the model: class codes, -1 for unlabeled.
  public let trainingLabels: [Int]
  /// How many samples had a class in the fit (`trainingLabels` other than -1).
  public let labeledCount: Int
  /// The samples whose class came from `Experiment.answers`, in sample order.
  public let answeredSamples: [Int]
  public let model: FittedGraphModel
  /// The predicted class code of every sample.
  public let transduction: [Int]
  /// Samples scored against their ground truth: unlabeled for the model, labeled in the data.
  public let evaluatedIndices: [Int]
  /// `nil` when no sample has ground truth to score against.
  public let report: ClassificationReport?
  public let confusionMatrix: ConfusionMatrix?
  /// Entropy of every sample's distribution; an empty distribution counts as uniform.
  public let entropies: [Double]
  /// The most uncertain samples, most uncertain first (see `mostUncertainFirst`):
  /// samples no label reached first, by index, then `argsort(entropies)[-k:]` reversed.
  public let uncertain: [Int]
  /// Degenerate but valid situations the user should know about.
  public let warnings: [String]
}
