import Foundation
import XCTest

/// `--predict` on new samples with gaps: filled as the training rows were (`SimpleImputer`
/// fitted on them), against `scripts/make_csv_fixtures.py`'s `predict` case.
final class PredictMissingValuesTests: XCTestCase {
  private struct Fixture: Decodable {
    struct Case: Decodable {
      let seed: Int
      let samples: Int
      let labeled: Int
      let gamma: Double
      let maxIter: Int
      let file: String
      let missingCells: Int
      let classes: [Int]
      let predictProba: [[Double]]
      let predicted: [Int]
      enum CodingKeys: String, CodingKey {
        case seed, samples, labeled, gamma, file, classes, predicted
        case maxIter = "max_iter"
        case missingCells = "missing_cells"
        case predictProba = "predict_proba"
      }
    }
    let predict: Case
  }

  private func arguments(_ fixture: Fixture.Case, missing: String?, output: String) -> [String] {
    [
      "--data", CSVFilesTests.file("iris_missing.csv"), "--seed", "\(fixture.seed)",
      "--samples", "\(fixture.samples)", "--labeled", "\(fixture.labeled)",
      "--gamma", "\(fixture.gamma)", "--max-iter", "\(fixture.maxIter)", "--standardize",
      "--predict", CSVFilesTests.file(fixture.file), "--output", output,
    ] + (missing.map { ["--missing", $0] } ?? [])
  }

  func testNewSamplesWithGapsAreFilledFromTheTrainingRows() throws {
    let fixture = try JSONDecoder().decode(
      Fixture.self,
      from: Data(contentsOf: URL(fileURLWithPath: CSVFilesTests.file("missing_values.json")))
    )
    .predict
    let folder = try Binary.scratchFolder(self)
    let run = try Binary.run(arguments(fixture, missing: "median", output: "out"), in: folder)
    XCTAssertEqual(run.status, 0, run.stderr)
    XCTAssertTrue(
      run.stdout.contains("\(fixture.missingCells) missing values filled"), run.stdout)

    let text = try String(
      contentsOf: folder.appendingPathComponent("out/new_predictions.csv"), encoding: .utf8)
    let rows = text.split(separator: "\r\n").map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
    let header = try XCTUnwrap(rows.first)
    XCTAssertEqual(rows.count - 1, fixture.predictProba.count)
    let predictedColumn = try XCTUnwrap(header.firstIndex(of: "predicted"))
    let columns = try fixture.classes.map { try XCTUnwrap(header.firstIndex(of: "p_\($0)")) }
    for (offset, row) in rows.dropFirst().enumerated() {
      XCTAssertEqual(row[predictedColumn], String(fixture.predicted[offset]), "row \(offset)")
      for (column, expected) in zip(columns, fixture.predictProba[offset]) {
        XCTAssertEqual(
          try XCTUnwrap(Double(row[column])), expected, accuracy: 1e-9, "row \(offset)")
      }
    }
    let metrics = try XCTUnwrap(
      JSONSerialization.jsonObject(
        with: Data(contentsOf: folder.appendingPathComponent("out/metrics.json")))
        as? [String: Any])
    let summary = try XCTUnwrap(metrics["new_predictions"] as? [String: Any])
    XCTAssertEqual(summary["missing_values_filled"] as? Int, fixture.missingCells)
  }

  /// Without --missing mean|median there is nothing to fill a gap with: one line naming the
  /// new file's cell, exit 65, and no output written.
  func testGapsInNewSamplesWithoutImputationAreRefusedWithTheirPlace() throws {
    let fixture = try JSONDecoder().decode(
      Fixture.self,
      from: Data(contentsOf: URL(fileURLWithPath: CSVFilesTests.file("missing_values.json")))
    )
    .predict
    let folder = try Binary.scratchFolder(self)
    let run = try Binary.run(arguments(fixture, missing: "drop", output: "out"), in: folder)
    XCTAssertEqual(run.status, 65, run.stderr)
    XCTAssertTrue(run.stderr.contains("\(fixture.file):3:1:"), run.stderr)
    XCTAssertTrue(run.stderr.contains("--missing mean"), run.stderr)
    XCTAssertFalse(
      FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
  }
}
