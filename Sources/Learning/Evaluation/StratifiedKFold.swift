import DataSets

/// scikit-learn's `StratifiedKFold(n_splits: folds, shuffle: true, random_state: seed)`, fold for fold.
///
/// The assignment follows `_make_test_folds` in scikit-learn 1.9's
/// `sklearn/model_selection/_split.py`:
/// 1. Classes are numbered in the order of their first appearance.
/// 2. The class numbers, sorted, are dealt round robin to the folds: sorted
///    position `p` goes to fold `p mod folds`, which fixes how many members of
///    each class every fold receives.
/// 3. Class by class, in that numbering, the list of fold numbers
///    `[0, 0, …, 1, 1, …]` (each fold repeated as often as it receives a member)
///    is shuffled by one shared `RandomState(seed)` and handed to the members
///    in sample order.
///
/// Fold `f` is then the samples whose fold number is `f`, ascending.
public struct StratifiedKFold: Sendable, Equatable {
  public var folds: Int
  public var seed: UInt32

  public init(folds: Int = 5, seed: UInt32 = 0) {
    self.folds = folds
    self.seed = seed
  }

  /// Which fold each sample is tested in, and scikit-learn's warning if it gives one.
  public struct Assignment: Sendable, Equatable {
    /// The fold of each sample, in `0..<folds`.
    public let testFolds: [Int]
    /// Set when a class has fewer members than there are folds.
    public let warning: String?
    let folds: Int

    /// The samples of fold `fold`, ascending.
    public func testIndices(_ fold: Int) -> [Int] {
      testFolds.indices.filter { testFolds[$0] == fold }
    }

    /// Every fold's samples, in fold order.
    public var testSets: [[Int]] {
      var sets = [[Int]](repeating: [], count: folds)
      for (sample, fold) in testFolds.enumerated() { sets[fold].append(sample) }
      return sets
    }
  }

  /// Splits samples of the given classes (any integer codes) into stratified folds.
  ///
  /// - Throws: `LearningError.invalidParameter` for fewer than 2 folds, more
  ///   folds than samples, or more folds than members in every class, the
  ///   cases scikit-learn refuses.
  public func assign(classes: [Int]) throws(LearningError) -> Assignment {
    guard folds >= 2 else {
      throw .invalidParameter(name: "folds", value: "\(folds)", expected: "at least 2")
    }
    guard folds <= classes.count else {
      throw .invalidParameter(
        name: "folds", value: "\(folds)",
        expected: "at most the number of labeled samples (\(classes.count))")
    }
    // Class numbers in order of first appearance.
    var numberOfClass: [Int: Int] = [:]
    var encoded: [Int] = []
    encoded.reserveCapacity(classes.count)
    for label in classes {
      if let number = numberOfClass[label] {
        encoded.append(number)
      } else {
        numberOfClass[label] = numberOfClass.count
        encoded.append(numberOfClass.count - 1)
      }
    }
    let classCount = numberOfClass.count
    var members = [Int](repeating: 0, count: classCount)
    for number in encoded { members[number] += 1 }
    let smallest = members.min() ?? 0
    let largest = members.max() ?? 0
    guard folds <= largest else {
      throw .invalidParameter(
        name: "folds", value: "\(folds)",
        expected: "at most the size of the largest labeled class (\(largest) samples)")
    }
    var warning: String?
    if folds > smallest {
      warning =
        "The least populated class in y has only \(smallest) members, "
        + "which is less than n_splits=\(folds)."
    }
    var random = RandomState(seed: seed)
    var testFolds = [Int](repeating: 0, count: classes.count)
    var position = 0
    for number in 0..<classCount {
      // Sorted positions position..<position + members go round robin to the folds.
      var foldsForClass: [Int] = []
      foldsForClass.reserveCapacity(members[number])
      for fold in 0..<folds {
        let share = Self.count(
          in: position..<(position + members[number]), congruentTo: fold, modulo: folds)
        foldsForClass.append(contentsOf: repeatElement(fold, count: share))
      }
      position += members[number]
      random.shuffle(&foldsForClass)
      var next = 0
      for sample in encoded.indices where encoded[sample] == number {
        testFolds[sample] = foldsForClass[next]
        next += 1
      }
    }
    return Assignment(testFolds: testFolds, warning: warning, folds: folds)
  }

  /// How many integers of `range` leave remainder `remainder` when divided by `modulo`.
  private static func count(in range: Range<Int>, congruentTo remainder: Int, modulo: Int) -> Int {
    func upTo(_ bound: Int) -> Int {
      bound <= remainder ? 0 : (bound - remainder + modulo - 1) / modulo
    }
    return upTo(range.upperBound) - upTo(range.lowerBound)
  }
}
