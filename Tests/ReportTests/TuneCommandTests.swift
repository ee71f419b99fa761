import Foundation
import Plotting
import XCTest

/// `report tune` end to end: the small digits grid against `tuning_digits_small.json`.
final class TuneCommandTests: XCTestCase {
  private func object(_ url: URL) throws -> [String: Any] {
    try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
  }

  func testSmallGridMatchesScikitLearnAndDrawsTheFigure() throws {
    let folder = try Binary.scratchFolder(self)
    let run = try Binary.run(
      ["tune", "--gammas", "0.0026,0.25", "--alphas", "0.2,0.9", "--folds", "3"], in: folder)
    XCTAssertEqual(run.status, 0, run.stderr)
    let expected = try object(Binary.fixture("tuning_digits_small.json"))
    let output = folder.appendingPathComponent("output")
    let tuning = try object(output.appendingPathComponent("tuning.json"))

    XCTAssertEqual(tuning["folds"] as? [[Int]], expected["folds"] as? [[Int]])
    let cells = try XCTUnwrap(tuning["cells"] as? [[String: Any]])
    let expectedCells = try XCTUnwrap(expected["cells"] as? [[String: Any]])
    XCTAssertEqual(cells.count, expectedCells.count)
    for (cell, wanted) in zip(cells, expectedCells) {
      for key in ["model", "kernel"] {
        XCTAssertEqual(cell[key] as? String, wanted[key] as? String, key)
      }
      for key in ["gamma", "alpha", "unlabeled_accuracy"] {
        XCTAssertEqual(cell[key] is NSNull, wanted[key] is NSNull, key)
        if let value = cell[key] as? Double {
          XCTAssertEqual(value, try XCTUnwrap(wanted[key] as? Double), accuracy: 1e-12, key)
        }
      }
      for key in ["cv_mean", "cv_std", "cv_macro_f1"] {
        XCTAssertEqual(
          try XCTUnwrap(cell[key] as? Double), try XCTUnwrap(wanted[key] as? Double),
          accuracy: 1e-12, key)
      }
      let folds = try XCTUnwrap(cell["cv_folds"] as? [Double])
      let wantedFolds = try XCTUnwrap(wanted["cv_folds"] as? [Double])
      XCTAssertEqual(folds.count, wantedFolds.count)
      for (actual, value) in zip(folds, wantedFolds) {
        XCTAssertEqual(actual, value, accuracy: 1e-12)
      }
    }
    let best = try XCTUnwrap(tuning["best"] as? [String: Any])
    let bestIndex = try XCTUnwrap(expected["best"] as? Int)
    XCTAssertEqual(best["model"] as? String, expectedCells[bestIndex]["model"] as? String)
    XCTAssertEqual(best["alpha"] as? Double, expectedCells[bestIndex]["alpha"] as? Double)
    XCTAssertEqual(best["gamma"] as? Double, expectedCells[bestIndex]["gamma"] as? Double)
    let command = try XCTUnwrap(best["command"] as? String)
    XCTAssert(command.hasPrefix("report "), command)
    XCTAssert(run.stdout.contains(command), run.stdout)
    let warnings = try XCTUnwrap(tuning["warnings"] as? [String])
    for warning in try XCTUnwrap(expected["warnings"] as? [String]) {
      XCTAssert(warnings.contains(warning), warning)
    }

    let png = try DecodedPNG.decode(
      Array(Data(contentsOf: output.appendingPathComponent("tuning.png"))))
    XCTAssertGreaterThan(png.width, 100)
    XCTAssertGreaterThan(png.height, 100)
    let html = try String(contentsOf: output.appendingPathComponent("tuning.html"), encoding: .utf8)
    XCTAssert(html.contains("src=\"tuning.png\""))
    XCTAssert(html.contains("not available for real data"))
  }

  func testBadListIsAUsageError() throws {
    let folder = try Binary.scratchFolder(self)
    let run = try Binary.run(["tune", "--alphas", "0.2,1.5"], in: folder)
    XCTAssertEqual(run.status, 64)
    XCTAssert(run.stderr.contains("--alphas"), run.stderr)
  }

  /// The printed table: every row's alpha (propagation's "-" too) starts under
  /// "alpha", and every score ends under the end of its header.
  func testPrintedTableKeepsItsColumns() throws {
    let folder = try Binary.scratchFolder(self)
    let run = try Binary.run(
      ["tune", "--gammas", "0.25", "--alphas", "0.2,0.9", "--folds", "2"], in: folder)
    XCTAssertEqual(run.status, 0, run.stderr)
    let lines = run.stdout.split(separator: "\n").map { Array(String($0)) }
    let headerIndex = try XCTUnwrap(lines.firstIndex { String($0).hasPrefix("model ") })
    let header = lines[headerIndex]
    let rows = lines[(headerIndex + 1)...].prefix {
      String($0).hasPrefix("spreading") || String($0).hasPrefix("propagation")
    }
    XCTAssertEqual(rows.count, 3, run.stdout)
    XCTAssert(rows.contains { String($0).hasPrefix("propagation") }, run.stdout)
    func start(of name: String) throws -> Int {
      let range = try XCTUnwrap(String(header).range(of: name))
      return String(header).distance(from: String(header).startIndex, to: range.lowerBound)
    }
    let alpha = try start(of: "alpha")
    for row in rows {
      let text = String(row)
      XCTAssertEqual(row[alpha - 1], " ", text)
      XCTAssertNotEqual(row[alpha], " ", text)
      for name in ["cv mean", "± std", "unlabeled"] {
        let end = try start(of: name) + name.count
        guard end <= row.count else {
          XCTFail("\(name) past the end of \(text)")
          continue
        }
        XCTAssert(row[end - 1].isNumber, "\(name) in \(text)")
        XCTAssert(end == row.count || row[end] == " ", "\(name) in \(text)")
      }
    }
  }
}
