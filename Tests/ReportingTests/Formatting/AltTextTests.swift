import Reporting
import XCTest

final class AltTextTests: XCTestCase {
  private let labels = (0...9).map(String.init)

  private func matrix(_ cells: [(truth: Int, predicted: Int, count: Int)]) -> [[Int]] {
    var counts = Array(repeating: Array(repeating: 0, count: 10), count: 10)
    for index in 0..<10 { counts[index][index] = 20 }
    for cell in cells { counts[cell.truth][cell.predicted] = cell.count }
    return counts
  }

  func testListsLargestConfusionsFirst() {
    let counts = matrix([(8, 1, 7), (3, 5, 4), (2, 6, 2), (7, 5, 3)])
    XCTAssertEqual(
      AltText.largestConfusions(counts: counts, labels: labels, limit: 3),
      "Largest confusions: 8 predicted as 1 (7 times), 3 predicted as 5 (4 times), "
        + "7 predicted as 5 (3 times), and 1 more.")
  }

  func testBreaksTiesByTrueThenPredictedClass() {
    let counts = matrix([(9, 0, 2), (4, 7, 2), (4, 2, 2), (1, 3, 1)])
    XCTAssertEqual(
      AltText.largestConfusions(counts: counts, labels: labels, limit: 4),
      "Largest confusions: 4 predicted as 2 (2 times), 4 predicted as 7 (2 times), "
        + "9 predicted as 0 (2 times), 1 predicted as 3 (1 time).")
  }

  func testIgnoresTheDiagonalAndSaysWhenThereIsNoConfusion() {
    XCTAssertEqual(
      AltText.largestConfusions(counts: matrix([]), labels: labels, limit: 3),
      "No confusions: every sample was predicted as its true class.")
  }

  func testNamesClassesWithoutLabelsByIndex() {
    let text = AltText.largestConfusions(counts: [[1, 2], [3, 4]], labels: ["cat"], limit: 5)
    XCTAssertEqual(
      text, "Largest confusions: 1 predicted as cat (3 times), cat predicted as 1 (2 times).")
  }

  func testConfusionMatrixSentenceCountsTheDiagonal() {
    let text = AltText.confusionMatrix(counts: [[5, 1], [0, 4]], labels: ["a", "b"], limit: 2)
    XCTAssertEqual(
      text,
      "Confusion matrix of 10 samples over 2 classes: 9 on the diagonal (predicted correctly). "
        + "Largest confusions: a predicted as b (1 time).")
  }

  func testUncertainSamplesSentence() {
    let samples = [
      UncertainSample(
        rank: 1, index: 12, sourceIndex: nil, predicted: "1", truth: "8", entropy: 1.5,
        topProbabilities: []),
      UncertainSample(
        rank: 2, index: 40, sourceIndex: 3, predicted: "2", truth: nil, entropy: 1.4,
        topProbabilities: []),
    ]
    XCTAssertEqual(
      AltText.uncertainSamples(samples),
      "The 2 predictions the model was least sure of, most uncertain first: "
        + "sample 12 predicted 1, true 8; sample 40 predicted 2.")
  }
}
