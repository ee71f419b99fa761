import Foundation
import XCTest

@testable import DataSets

/// The fast path for plain numeric files gives exactly what the general reader gives,
/// and gives up on everything else, so that errors stay the general reader's.
final class NumericCSVFastPathTests: XCTestCase {
  private func fast(_ text: String, target: String? = nil, limits: CSVLimits = .default)
    -> DataSet?
  {
    Array(text.utf8).withUnsafeBufferPointer {
      NumericCSVFastPath.read(
        $0, fileName: testFileName,
        options: CSVDataSetOptions(targetColumn: target, limits: limits), releasePages: false)
    }
  }

  /// A file in a fresh temporary folder, removed at the end of the test.
  private func temporaryFile(_ text: String) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "fastcsv-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("data.csv").path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  func testPlainNumericFilesGiveTheGeneralReadersDataSet() throws {
    let texts: [(String, String?)] = [
      ("a,b,target\n1,2,0\n3,4,1\n", nil),
      ("a,b,target\r\n1,2,0\r\n3,4,1", nil),
      ("a,b,target\r1.5,2,0\r3,4e-3,1\r", nil),
      ("\n\na,b,target\n\n1,2,0\n\n\n3,4,1\n\n", nil),
      ("x,y,z\n 1 , -2.5 ,\t3\n.5,6.,7\n", nil),
      ("a,label,b\n1,-1,2\n3,2.0,4\n5,10,6\n7,-1.0,8\n", "label"),
      ("a,b,c,t\n0.1000000000000000055511151231257827,-0,1e-300,0\n2,3,4,1\n", nil),
      ("a,b,target\n12345678901234567890,1.7976931348623157e308,5\n1,2,5\n", nil),
      ("p,q\n1,0\n", nil),
    ]
    for (text, target) in texts {
      let general = try DataSet.fromCSV(
        bytes: Array(text.utf8), fileName: testFileName,
        options: CSVDataSetOptions(targetColumn: target))
      let quick = try XCTUnwrap(fast(text, target: target), text)
      XCTAssertEqual(quick, general, text)
      XCTAssertEqual(
        quick.features.map(\.bitPattern), general.features.map(\.bitPattern), "\(text): -0 kept")
    }
  }

  /// Everything the fast path does not take is left to the general reader.
  func testGivesUpOnAnythingButPlainNumbers() {
    let declined = [
      "a,b,target\n1,2,cat\n3,4,dog\n",  // class names
      "a,b,target\n\"1\",2,0\n",  // a quote
      "\u{FEFF}a,b,target\n1,2,0\n",  // a byte order mark
      "a,b,target\n1,2,0\n3,4,é\n",  // not ASCII
      "a,b,target\n1,2\n",  // a short row
      "a,b,target\n1,2,0,9\n",  // a long row
      "a,b,target\n1,x,0\n",  // not a number
      "a,b,target\n1,,0\n",  // an empty cell
      "a,b,target\n1,1e400,0\n",  // overflow
      "a,b,target\n1,2,-1\n",  // no labeled row
      "a,b,target\n1,2,1.5\n",  // not a whole number
      "a,b,target\n1,2,-3\n",  // negative class
      "a,a,target\n1,2,0\n",  // repeated name
      "a, ,target\n1,2,0\n",  // blank name
      "target\n1\n",  // no feature
      "a,b,target\n",  // no data row
      "\n\n",  // nothing
      ",a,target\n0,1,0\n",  // pandas' index column
      "a;b,target\n1,2,0\n",  // a semicolon the delimiter detection weighs
      "a\tb,target\n1,2,0\n",  // a tab
      "a,b,target\n1,NA,0\n",  // a missing value
    ]
    for text in declined { XCTAssertNil(fast(text), text) }
    XCTAssertNil(fast("a,b,target\n1,2,0\n", target: "missing"))
    XCTAssertNil(fast("a,b,target\n1,2,0\n3,4,1\n", limits: CSVLimits(maxRows: 1)))
    // Any option besides the target column and the limits is the general reader's.
    let plain = Array("a,b,target\n1,2,0\n".utf8)
    for options in [
      CSVDataSetOptions(ignoredColumns: ["a"]), CSVDataSetOptions(delimiter: .comma),
      CSVDataSetOptions(indexColumn: .none), CSVDataSetOptions(decimalSeparator: .point),
    ] {
      XCTAssertNil(
        plain.withUnsafeBufferPointer {
          NumericCSVFastPath.read($0, fileName: "t.csv", options: options, releasePages: false)
        }, "\(options)")
    }
    XCTAssertNil(fast("a,b,target\n1,2.000,0\n", limits: CSVLimits(maxFieldBytes: 4)))
  }

  /// Through a file (mapped, read in many parts on every core, pages handed
  /// back): the same data set as the general reader, and the same errors.
  func testFilesGiveTheSameDataSetsAndErrorsAsBefore() throws {
    var random = SystemRandomNumberGenerator()
    var text = "f0,f1,f2,f3,target\n"
    for row in 0..<20_000 {
      for _ in 0..<4 { text += String(format: "%.4f,", Double.random(in: -9...9, using: &random)) }
      text += row % 50 == 0 ? "-1\n" : "\(row % 7)\n"
      if row % 999 == 0 { text += "\r\n" }
    }
    let path = try temporaryFile(text)
    let general = try DataSet.fromCSV(bytes: Array(text.utf8), fileName: path)
    XCTAssertEqual(try DataSet.loadCSV(path: path), general)
    // Parts of 16 KB: about 40 of them, with pages handed back as they are read.
    XCTAssertEqual(
      NumericCSVFastPath.load(path: path, options: .init(), partBytes: 16 << 10), general)

    for bad in [
      "a,b,target\n1,2,0\n3,x,1\n", "a,b,target\n1,2,0\n3,4\n", "a,b\n1,\"2\n",
      "a,b,target\n1,2,-1\n", "a,a\n1,2\n", text + "1,2,3,x,5\n", text + "1,2,3,4\n",
    ] {
      let path = try temporaryFile(bad)
      var expected = ""
      do {
        _ = try DataSet.fromCSV(bytes: Array(bad.utf8), fileName: path)
      } catch { expected = error.description }
      XCTAssertFalse(expected.isEmpty)
      do {
        _ = try DataSet.loadCSV(path: path)
        XCTFail("\(bad.prefix(40)) should fail")
      } catch {
        XCTAssertEqual(error.description, expected)
      }
    }
  }
}
