import DataSets
import Foundation

/// Pool-based active learning by uncertainty sampling, as in scikit-learn's example
/// "Label Propagation digits: Active learning".
///
/// The samples are chosen as `Experiment` chooses them (`RandomState(seed)`
/// shuffles every row number, the first `samples` are kept, optionally
/// z-scored), and the first `initialLabeled` of them that have a class start
/// with it (`TrainingLabels`; all of them when `nil`). Every other sample is in
/// the *pool*. Each round then:
///
/// 1. fits `model` with the pool's labels set to -1;
/// 2. scores the transduction on the pool samples that have ground truth
///    (classification report, confusion matrix over the model's classes);
/// 3. ranks the pool by the entropy of each sample's label distribution,
///    highest first, and chooses the first `perRound`;
/// 4. asks for the chosen samples' labels; every labeled one leaves the pool.
///
/// The run stops after `rounds` rounds, or earlier when the pool is empty at the
/// start of a round. Labels are asked for in every round, the last included,
/// as the example does (their answers are recorded but fit no further model).
///
/// Ranking follows `np.argsort(entropies)[::-1]` filtered to the pool: equal
/// entropies go to the higher sample index first (the reverse of a stable
/// ascending sort), and a sample whose distribution is all zeros (entropy
/// undefined, NaN in scipy, which NumPy sorts last) ranks above every other;
/// its entropy is reported as the maximal one, `log(classes)`.
public struct ActiveLearning: Sendable {
  public var seed: UInt32
  /// How many shuffled rows to use; `nil` for all.
  public var samples: Int?
  /// How many of the samples that have a class start with it; `nil` for all.
  public var initialLabeled: Int?
  /// The most rounds to run (fits to make).
  public var rounds: Int
  /// How many samples to choose in each round.
  public var perRound: Int
  public var model: GraphModel
  public var standardize: Bool

  /// The scikit-learn example's configuration by default.
  public init(
    seed: UInt32 = 0, samples: Int? = 330, initialLabeled: Int? = 40, rounds: Int = 5,
    perRound: Int = 5,
    model: GraphModel = .labelSpreading(kernel: .rbf(gamma: 0.25), maxIterations: 20),
    standardize: Bool = false
  ) {
    self.seed = seed
    self.samples = samples
    self.initialLabeled = initialLabeled
    self.rounds = rounds
    self.perRound = perRound
    self.model = model
    self.standardize = standardize
  }

  /// Runs the rounds on `data`.
  ///
  /// - Parameter answers: where the chosen samples' labels come from. `nil`
  ///   (reveal mode) reveals each sample's ground truth, as the example does. A
  ///   closure is called once per chosen sample with the sample's row in `data`
  ///   (its source index) and returns a class code, an index into
  ///   `data.classNames`, or `nil` for no answer. An unanswered sample stays
  ///   unlabeled and in the pool, so a later round may choose it again; so does
  ///   a sample without ground truth in reveal mode. (The example removes every
  ///   chosen sample from the pool; with a label for each, the two agree.)
  /// - Returns: one entry per round run, in order.
  public func run(
    on data: DataSet, answers: ((Int) -> Int?)? = nil
  ) throws(LearningError) -> [ActiveLearningRound] {
    let (selected, sourceIndices) = try prepare(data)
    let outcome: (Int, Int) -> ChosenLabel = { sample, source in
      if let answers { return answers(source).map(ChosenLabel.label) ?? .unanswered }
      let truth = selected.targets[sample]
      return truth == -1 ? .unanswered : .label(truth)
    }
    return try playRounds(
      selected: selected, sourceIndices: sourceIndices, rounds: rounds,
      pick: { pool, fitted in mostUncertain(in: pool, of: fitted, count: perRound) },
      outcome: outcome
    ).rounds
  }

  /// The selected samples and their data rows, after checking the parameters.
  func prepare(_ data: DataSet) throws(LearningError) -> (data: DataSet, sourceIndices: [Int]) {
    let sampleCount = samples ?? data.sampleCount
    guard sampleCount >= 1, sampleCount <= data.sampleCount else {
      throw .invalidParameter(
        name: "samples", value: "\(sampleCount)",
        expected: "between 1 and the number of rows (\(data.sampleCount))")
    }
    guard rounds >= 1 else {
      throw .invalidParameter(name: "rounds", value: "\(rounds)", expected: ">= 1")
    }
    guard perRound >= 1 else {
      throw .invalidParameter(name: "per round", value: "\(perRound)", expected: ">= 1")
    }
    let selection = data.shuffledSelection(
      seed: seed, count: sampleCount, standardize: standardize)
    try TrainingLabels.check(initialLabeled, of: selection.data.targets, name: "labeled")
    return selection
  }

  /// The rounds themselves, whatever picks the samples and wherever their labels come from.
  ///
  /// - Parameters:
  ///   - pick: the samples to ask about, with their entropies, given the pool a round may
  ///     choose from (ascending; without declined samples) and the round's fit.
  ///   - outcome: what became of a chosen sample (its position and data row).
  /// - Returns: the rounds run, and whether the last one stopped to wait for a person.
  func playRounds(
    selected: DataSet, sourceIndices: [Int], rounds: Int,
    pick: ([Int], FittedGraphModel) -> [(sample: Int, entropy: Double)],
    outcome: (Int, Int) throws(LearningError) -> ChosenLabel
  ) throws(LearningError) -> (rounds: [ActiveLearningRound], waiting: Bool) {
    let sampleCount = selected.sampleCount
    var training = TrainingLabels.keepingFirst(initialLabeled, of: selected.targets)
    var declined = Set<Int>()
    var results: [ActiveLearningRound] = []
    for round in 0..<rounds {
      let pool = (0..<sampleCount).filter { training[$0] == -1 }
      let askable = pool.filter { !declined.contains($0) }
      if askable.isEmpty { break }
      let fitted = try model.fit(
        features: selected.features, featureCount: selected.featureCount, labels: training)
      let transduction = fitted.transduction
      let evaluated = pool.filter { selected.targets[$0] != -1 }
      let scores = score(
        truth: evaluated.map { selected.targets[$0] },
        predicted: evaluated.map { transduction[$0] }, classNames: selected.classNames,
        classes: fitted.classes)
      let ranked = pick(askable, fitted)
      let chosen = ranked.map(\.sample)
      let chosenSources = chosen.map { sourceIndices[$0] }

      var outcomes: [ChosenLabel] = []
      for (sample, source) in zip(chosen, chosenSources) {
        let result = try outcome(sample, source)
        if case .label(let label) = result, label < 0 || label >= selected.classNames.count {
          throw .invalidParameter(
            name: "answer for row \(source)", value: "\(label)",
            expected: "a class code between 0 and \(selected.classNames.count - 1)")
        }
        outcomes.append(result)
      }

      results.append(
        ActiveLearningRound(
          round: round, labeled: (0..<sampleCount).filter { training[$0] != -1 },
          unlabeled: pool, trainingLabels: training, model: fitted,
          predictions: pool.map { transduction[$0] },
          evaluated: evaluated, report: scores.report, confusionMatrix: scores.confusion,
          chosen: chosen, chosenEntropies: ranked.map(\.entropy),
          chosenSourceIndices: chosenSources, outcomes: outcomes))
      for (sample, result) in zip(chosen, outcomes) {
        switch result {
        case .label(let label): training[sample] = label
        case .declined: declined.insert(sample)
        case .unanswered, .waiting: break
        }
      }
      if outcomes.contains(.waiting) { return (results, true) }
    }
    return (results, false)
  }
}

/// What became of a sample chosen for labeling.
public enum ChosenLabel: Sendable, Equatable {
  /// It was labeled with this class code (revealed from the data, or a person's answer).
  case label(Int)
  /// No label came; it stays in the pool and a later round may choose it again.
  case unanswered
  /// A person was asked and left it without an answer; it is not chosen again.
  case declined
  /// It waits for a person's answer: the run stops after this round.
  case waiting

  /// The class code, for `.label`.
  public var code: Int? {
    if case .label(let code) = self { return code }
    return nil
  }
}

/// What one round of `ActiveLearning` fitted, scored and chose.
///
/// Sample indices count positions among the selected samples (0 is the first
/// row of the shuffle); `chosenSourceIndices` gives the rows in the data set.
public struct ActiveLearningRound: Sendable {
  /// 0 for the first round.
  public let round: Int
  /// The samples that had a label in this fit, ascending.
  public let labeled: [Int]
  /// The pool: the samples that were unlabeled in this fit, ascending.
  public let unlabeled: [Int]
  /// The labels given to the model: class codes, -1 for the pool.
  public let trainingLabels: [Int]
  public let model: FittedGraphModel
  /// The transduction of each pool sample, in the order of `unlabeled`.
  public let predictions: [Int]
  /// The pool samples that have ground truth, which the report scores.
  public let evaluated: [Int]
  /// `nil` when no pool sample has ground truth.
  public let report: ClassificationReport?
  /// True classes against predictions over the model's classes (`labels=classes_`).
  public let confusionMatrix: ConfusionMatrix?
  /// The pool samples chosen for labeling, the highest entropy first.
  public let chosen: [Int]
  /// Their entropies; `log(classes)` for an all-zero distribution.
  public let chosenEntropies: [Double]
  /// Their rows in the data set.
  public let chosenSourceIndices: [Int]
  /// What became of each chosen sample.
  public let outcomes: [ChosenLabel]

  /// The label each chosen sample received; `nil` where none was given.
  public var answers: [Int?] { outcomes.map(\.code) }

  /// Whether this round stopped the run to wait for a person's answers.
  public var isWaiting: Bool { outcomes.contains(.waiting) }

  /// How many samples had a label in this fit.
  public var labeledCount: Int { labeled.count }

  /// Accuracy on the evaluated pool samples.
  public var accuracy: Double? { report?.accuracy }

  /// Unweighted mean of the per-class F1 scores on the evaluated pool samples.
  public var macroF1: Double? { report?.macroAverage.f1 }
}

// `Experiment.run` does the two steps below inline, so they cannot be called from
// here; these helpers repeat them with the same public pieces.

/// The report and confusion matrix of `predicted` against `truth`; `nil` for no samples.
private func score(
  truth: [Int], predicted: [Int], classNames: [String], classes: [Int]
) -> (report: ClassificationReport?, confusion: ConfusionMatrix?) {
  guard !truth.isEmpty else { return (nil, nil) }
  return (
    ClassificationReport(truth: truth, predicted: predicted, classNames: classNames),
    ConfusionMatrix(truth: truth, predicted: predicted, labels: classes)
  )
}

/// The `count` pool samples of highest entropy, highest first, as `ActiveLearning` ranks them.
func mostUncertain(
  in pool: [Int], of fitted: FittedGraphModel, count: Int
) -> [(sample: Int, entropy: Double)] {
  let entropies = pool.map { entropy(fitted.distribution($0)) }
  let maximal = log(Double(max(fitted.classes.count, 1)))
  // `pool` is ascending, so the later position of a tie is the higher sample index.
  return uncertaintyOrder(entropies, count: count).map { (pool[$0], entropies[$0] ?? maximal) }
}

/// Positions of the `count` largest entropies, largest first, as
/// `np.argsort(entropies)[::-1][:count]` orders them with a stable sort.
///
/// Equal entropies put the later position first; an undefined entropy (`nil`,
/// NaN in scipy, which NumPy sorts after every number) ranks above every value.
func uncertaintyOrder(_ entropies: [Double?], count: Int) -> [Int] {
  let keys = entropies.map { $0 ?? .infinity }
  return indicesOfLargest(keys, count: min(count, keys.count)).reversed()
}
