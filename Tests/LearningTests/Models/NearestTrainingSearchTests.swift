import DataSets
import XCTest

@testable import Learning

/// The tree search of the 1-NN baseline against comparing each query with every training
/// sample, on data full of exact ties (the digits' integer features, and copied rows).
final class NearestTrainingSearchTests: XCTestCase {
  private func bruteForce(
    _ classifier: NearestNeighborClassifier, training: [Double], queries: [Double]
  )
    -> [Int]
  {
    let d = classifier.featureCount
    return training.withUnsafeBufferPointer { training in
      queries.withUnsafeBufferPointer { queries in
        let samples = Samples(values: training, count: classifier.sampleCount, dimension: d)
        return (0..<(queries.count / d)).map {
          NearestNeighborClassifier.bruteForceNearest(queries.baseAddress! + $0 * d, in: samples)
        }
      }
    }
  }

  func testTreeSearchEqualsComparingWithEverySampleOnTiedDigits() throws {
    let digits = DataSet.digits()
    let d = digits.featureCount
    // 400 training rows, each of the first 100 also copied further on, so that many
    // queries have several training samples at exactly the same distance.
    var trainingRows = Array(0..<300) + Array(0..<100)
    trainingRows.swapAt(5, 350)
    let training = trainingRows.flatMap { digits.row($0) }
    let labels = trainingRows.map { digits.targets[$0] }
    let classifier = try NearestNeighborClassifier(
      features: training, featureCount: d, labels: labels)
    XCTAssertGreaterThanOrEqual(classifier.sampleCount, NearestNeighborClassifier.treeThreshold)
    let queries = digits.features
    let expected = bruteForce(classifier, training: training, queries: queries)
    let found = try classifier.nearestTrainingSamples(for: queries)
    XCTAssertEqual(found, expected)
    // Copies tie at distance 0 with their original: the lower index wins.
    XCTAssertEqual(found[0], 0)
    // Row 5 sits at training indices 305 (a copy) and 350 (moved by the swap).
    XCTAssertEqual(found[5], 305)
    // The digits' ties between different rows, counted from the brute force.
    var ties = 0
    for query in 0..<digits.sampleCount {
      let distances = trainingRows.map { row in
        digits.features.withUnsafeBufferPointer {
          NearestNeighborClassifier.sequentialDistance(
            $0.baseAddress! + query * d, $0.baseAddress! + row * d, d)
        }
      }
      let least = distances.min()!
      let rows = Set(
        trainingRows.indices.filter { distances[$0] == least }.map { trainingRows[$0] })
      if rows.count > 1 { ties += 1 }
    }
    XCTAssertGreaterThan(ties, 5)
  }

  func testRowsOfAMatrixGiveTheSameAnswerAsCopiedRows() throws {
    let digits = DataSet.digits()
    let d = digits.featureCount
    let training = Array(digits.features[0..<(200 * d)])
    let classifier = try NearestNeighborClassifier(
      features: training, featureCount: d, labels: Array(digits.targets[0..<200]))
    let rows = Array(stride(from: 1796, to: 150, by: -3))
    XCTAssertEqual(
      try classifier.predict(rows: rows, of: digits.features),
      try classifier.predict(rows.flatMap { digits.row($0) }))
    XCTAssertEqual(
      try classifier.nearestTrainingSamples(rows: rows, of: digits.features),
      bruteForce(classifier, training: training, queries: rows.flatMap { digits.row($0) }))
    XCTAssertThrowsError(try classifier.predict(rows: [digits.sampleCount], of: digits.features))
  }

  func testTreeSearchOnNoisyContinuousData() throws {
    // Noisy copies of a few centres, as in the benchmark's jittered digits, plus exact copies.
    var random = RandomState(seed: 3)
    let d = 16
    let centres = (0..<5).map { _ in (0..<d).map { _ in 10 * random.standardNormal() } }
    let points = (0..<900).map { index in centres[index % 5].map { $0 + random.standardNormal() } }
    let training = (points[0..<300] + points[0..<20]).flatMap { $0 }
    let classifier = try NearestNeighborClassifier(
      features: training, featureCount: d, labels: (0..<320).map { $0 % 5 })
    let queries = points.flatMap { $0 }
    XCTAssertEqual(
      try classifier.nearestTrainingSamples(for: queries),
      bruteForce(classifier, training: training, queries: queries))
  }
}
