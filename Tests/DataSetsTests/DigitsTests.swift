import Foundation
import XCTest

@testable import DataSets

/// The compiled-in digits are exactly the committed `data/digits.csv`.
final class DigitsTests: XCTestCase {
  func testEmbeddedDigitsEqualTheCommittedCSV() throws {
    let csvURL = Fixtures.projectRoot.appendingPathComponent("data/digits.csv")
    let bytes = [UInt8](try Data(contentsOf: csvURL))
    XCTAssertEqual(SHA256.hex(bytes), DataSet.digitsSHA256)
    let digits = DataSet.digits()
    XCTAssertEqual(digits.sampleCount, 1797)
    XCTAssertEqual(digits.featureCount, 64)
    XCTAssertEqual(digits.imageShape, ImageShape(height: 8, width: 8))
    let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
    XCTAssertEqual(lines.count, 1797)
    for (index, line) in lines.enumerated() {
      let values = line.split(separator: ",").map { Int($0) ?? -1 }
      XCTAssertEqual(digits.row(index).map { Int($0) }, Array(values.prefix(64)), "row \(index)")
      XCTAssertEqual(digits.classNames[digits.targets[index]], String(values[64]), "row \(index)")
    }
  }
}
