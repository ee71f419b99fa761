import XCTest

@testable import Reporting

/// Issue 18, item 12: text cells a spreadsheet would run as formulas are written inert.
final class SpreadsheetFormulaTests: XCTestCase {
  func testFormulaCellsGetAQuote() {
    XCTAssertEqual(
      CSVText.line(["=HYPERLINK(\"http://x\",\"y\")", "@SUM(A1)", "+cmd", "-2+3", "\tx", "\rx"]),
      "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'@SUM(A1),'+cmd,'-2+3,'\tx,\"'\rx\"\r\n")
  }

  func testNumbersAndOrdinaryTextAreKept() {
    for cell in ["-0.5", "+1e3", "-1E-07", "-12", "0", "cat", "", "a=b", "x-y", "'quoted"] {
      XCTAssertEqual(CSVText.field(cell), cell)
    }
    for cell in ["-", "+", "-.", "-e5", "-1e", "-1.2.3", "--1", "-inf", "-nan"] {
      XCTAssertEqual(CSVText.field(cell), "'" + cell, cell)
    }
  }
}
