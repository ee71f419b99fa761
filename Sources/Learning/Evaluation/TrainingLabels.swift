/// The labels a fit is given: which of the data's classes it sees, and which are hidden.
///
/// A row of the data either has a class or is `-1`. Keeping `count` labels keeps
/// the first `count` rows *that have a class*, in sample (shuffled) order, and
/// hides every later class as `-1`; rows without a class stay `-1`. On data
/// without `-1` rows this is the example's `y_train[count:] = -1`.
public enum TrainingLabels {
  /// `targets` with every class after the first `count` labeled rows set to -1;
  /// `nil` keeps every class.
  public static func keepingFirst(_ count: Int?, of targets: [Int]) -> [Int] {
    guard let count else { return targets }
    var kept = 0
    return targets.map { target in
      guard target != -1 else { return -1 }
      kept += 1
      return kept <= count ? target : -1
    }
  }

  /// How many rows of `targets` have a class.
  public static func labeledCount(_ targets: [Int]) -> Int {
    targets.reduce(0) { $0 + ($1 == -1 ? 0 : 1) }
  }

  /// Checks that `count` labels can be kept from `targets`.
  static func check(_ count: Int?, of targets: [Int], name: String) throws(LearningError) {
    guard let count else { return }
    let available = labeledCount(targets)
    guard count >= 0, count <= available else {
      let expected =
        available == targets.count
        ? "between 0 and samples (\(targets.count))"
        : "between 0 and the \(available) samples that have a label (of \(targets.count))"
      throw .invalidParameter(name: name, value: "\(count)", expected: expected)
    }
  }
}
