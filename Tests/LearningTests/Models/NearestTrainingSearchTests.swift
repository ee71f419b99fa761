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

/// The padded layouts of the walk: fewer directions than 12 and not a multiple of 4, and a
/// last leaf with fewer than 8 candidates.
final class NearestTrainingSearchLayoutTests: XCTestCase {
  func testOddDimensionsAndAShortLastLeaf() throws {
    var random = RandomState(seed: 11)
    for d in [1, 3, 5, 13] {
      let centres = (0..<4).map { _ in (0..<d).map { _ in 5 * random.standardNormal() } }
      // Rounded to a tenth, so that exact ties between different samples occur.
      let points = (0..<700).map { index in
        centres[index % 4].map { (($0 + random.standardNormal()) * 10).rounded() / 10 }
      }
      // 203 training samples, the last 3 copies of earlier ones.
      let training = (points[0..<200] + points[0..<3]).flatMap { $0 }
      let classifier = try NearestNeighborClassifier(
        features: training, featureCount: d, labels: (0..<203).map { $0 % 4 })
      let search = training.withUnsafeBufferPointer {
        NearestTrainingSearch(training: Samples(values: $0, count: 203, dimension: d))
      }
      XCTAssertEqual(search.components, min(d, 12))
      XCTAssertEqual(search.width, (min(d, 12) + 3) / 4 * 4)
      // The query's projection, four coordinates side by side, is the basis's, bit for bit.
      points.flatMap { $0 }.withUnsafeBufferPointer { rows in
        var expected = [Double](repeating: 0, count: search.components)
        var found = [Double](repeating: 0, count: search.components)
        for row in 0..<50 {
          search.basis.project(rows.baseAddress! + row * d, into: &expected)
          let centred = NearestTrainingSearch.project(
            rows.baseAddress! + row * d, basis: search.basis, into: &found)
          XCTAssertEqual(found.map(\.bitPattern), expected.map(\.bitPattern), "d = \(d)")
          let direct = (0..<d).reduce(0.0) {
            $0 + (rows[row * d + $1] - search.basis.mean[$1])
              * (rows[row * d + $1] - search.basis.mean[$1])
          }
          XCTAssertEqual(centred, direct, accuracy: 1e-12 * max(direct, 1))
        }
      }
      let queries = points.flatMap { $0 }
      let expected = training.withUnsafeBufferPointer { training in
        queries.withUnsafeBufferPointer { queries in
          let samples = Samples(values: training, count: 203, dimension: d)
          return (0..<700).map {
            NearestNeighborClassifier.bruteForceNearest(queries.baseAddress! + $0 * d, in: samples)
          }
        }
      }
      XCTAssertEqual(try classifier.nearestTrainingSamples(for: queries), expected, "d = \(d)")
      // The copies tie with their originals at distance 0: the lower index wins.
      XCTAssertEqual(expected[0], 0)
      if d > 1 { XCTAssertEqual(expected[2], 2) }
    }
  }
}
