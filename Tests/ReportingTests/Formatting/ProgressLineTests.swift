import XCTest

@testable import Reporting

/// The progress line's estimate of the time left, and the line itself.
final class ProgressLineTests: XCTestCase {
  func testSteadyRateGivesTheTimeLeftExactly() {
    var estimate = ProgressEstimate()
    // 100 rows a second throughout.
    for second in 1...5 {
      estimate.record(elapsed: Double(second), done: Double(100 * second))
    }
    XCTAssertEqual(estimate.rate ?? 0, 100, accuracy: 1e-12)
    XCTAssertEqual(estimate.remaining(done: 500, total: 1000) ?? 0, 5, accuracy: 1e-12)
  }

  func testNothingKnownBeforeAnythingIsDone() {
    var estimate = ProgressEstimate()
    XCTAssertNil(estimate.remaining(done: 0, total: 10))
    estimate.record(elapsed: 1, done: 0)
    XCTAssertNil(estimate.remaining(done: 0, total: 10))
    estimate.record(elapsed: 0, done: 5)  // no time yet: no rate
    XCTAssertNil(estimate.rate)
    XCTAssertEqual(estimate.remaining(done: 10, total: 10), 0)
    XCTAssertEqual(estimate.remaining(done: 12, total: 10), 0)
  }

  /// A slow stretch moves the rate by the smoothing's share, not all the way.
  func testASlowStretchMovesTheRateByItsShare() {
    var estimate = ProgressEstimate(smoothing: 0.25, window: 0.5)
    estimate.record(elapsed: 1, done: 100)  // 100 a second
    estimate.record(elapsed: 2, done: 120)  // 20 a second over the last second
    XCTAssertEqual(estimate.rate ?? 0, 0.25 * 20 + 0.75 * 100, accuracy: 1e-12)
    XCTAssertEqual(estimate.remaining(done: 120, total: 200) ?? 0, 80 / 80, accuracy: 1e-12)
  }

  /// Updates closer together than the window wait, then count as one stretch.
  func testUpdatesInsideTheWindowWait() {
    var estimate = ProgressEstimate(smoothing: 0.5, window: 1)
    estimate.record(elapsed: 1, done: 10)
    estimate.record(elapsed: 1.2, done: 1000)  // inside the window: ignored for now
    XCTAssertEqual(estimate.rate ?? 0, 10, accuracy: 1e-12)
    estimate.record(elapsed: 2, done: 30)  // 20 a second since the last recorded update
    XCTAssertEqual(estimate.rate ?? 0, 0.5 * 20 + 0.5 * 10, accuracy: 1e-12)
  }

  func testCountsBackwardsOrNotFiniteAreIgnored() {
    var estimate = ProgressEstimate(smoothing: 1, window: 0)
    estimate.record(elapsed: 1, done: 50)
    estimate.record(elapsed: 2, done: 40)
    estimate.record(elapsed: .nan, done: 60)
    estimate.record(elapsed: 3, done: .infinity)
    XCTAssertEqual(estimate.rate, 50)
  }

  func testDurations() {
    XCTAssertEqual(ProgressLine.duration(0), "0:00")
    XCTAssertEqual(ProgressLine.duration(0.2), "0:01")
    XCTAssertEqual(ProgressLine.duration(0.9, roundingUp: false), "0:00")
    XCTAssertEqual(ProgressLine.duration(65), "1:05")
    XCTAssertEqual(ProgressLine.duration(3723), "1:02:03")
    XCTAssertEqual(ProgressLine.duration(-3), "0:00")
    XCTAssertEqual(ProgressLine.duration(.infinity), "--:--")
  }

  func testLineWithCountsPercentElapsedAndTimeLeft() {
    XCTAssertEqual(
      ProgressLine.text(
        phase: "finding the neighbours", done: 250_000, total: 1_000_000, unit: .count("rows"),
        elapsed: 12.7, remaining: 38.1),
      "finding the neighbours: 250,000 of 1,000,000 rows (25%), 0:12 elapsed, about 0:39 left")
    XCTAssertEqual(
      ProgressLine.text(
        phase: "reading big.csv", done: 137_500_000, total: 275_000_000, unit: .bytes,
        elapsed: 1, remaining: 1),
      "reading big.csv: 137.5 of 275.0 MB (50%), 0:01 elapsed, about 0:01 left")
    XCTAssertEqual(
      ProgressLine.text(
        phase: "reading small.csv", done: 300, total: 512, unit: .bytes, elapsed: 0,
        remaining: nil),
      "reading small.csv: 300 of 512 bytes (58%), 0:00 elapsed")
  }

  func testIterationsAreAnUpperBound() {
    XCTAssertEqual(
      ProgressLine.text(
        phase: "iterating", done: 7, total: 1000, elapsed: 70, remaining: 9930,
        upperBound: true, detail: "change 0.0123"),
      "iterating: 7 of at most 1,000 (0%), change 0.0123, 1:10 elapsed, at most 2:45:30 left")
  }

  func testPhaseWithoutASizeShowsItsTimeOnly() {
    XCTAssertEqual(
      ProgressLine.text(
        phase: "writing the files", done: 0, total: nil, elapsed: 3.5, remaining: 2),
      "writing the files, 0:03 elapsed")
  }

  func testCountsPastTheTotalStopAtIt() {
    XCTAssertEqual(
      ProgressLine.text(phase: "x", done: 12, total: 10, elapsed: 0, remaining: 0),
      "x: 10 of 10 (100%), 0:00 elapsed, about 0:00 left")
  }
}
