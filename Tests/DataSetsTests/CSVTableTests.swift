import XCTest

@testable import DataSets

/// The RFC 4180 reader: what it accepts, and where it says a file is wrong.
final class CSVTableTests: XCTestCase {
  func testPlainTable() throws {
    let table = try parseCSV("a,b\n1,2\n3,4\n")
    XCTAssertEqual(table.header, ["a", "b"])
    XCTAssertEqual(table.rows, [["1", "2"], ["3", "4"]])
    XCTAssertEqual(table.rowLines, [2, 3])
    XCTAssertEqual(table.headerLine, 1)
  }

  func testQuotedFieldsHoldCommasQuotesAndLineBreaks() throws {
    let table = try parseCSV(
      "name,value\n\"x, y\",1\n\"say \"\"hi\"\"\",2\n\"two\nlines\",3\n\"\",4\n5,\"\"\"\"")
    XCTAssertEqual(
      table.rows,
      [["x, y", "1"], ["say \"hi\"", "2"], ["two\nlines", "3"], ["", "4"], ["5", "\""]])
    XCTAssertEqual(table.rowLines, [2, 3, 4, 6, 7])
  }

  func testCRLFAndLoneCREndLines() throws {
    let crlf = try parseCSV("a,b\r\n1,\"x\r\ny\"\r\n2,3\r\n")
    XCTAssertEqual(crlf.rows, [["1", "x\r\ny"], ["2", "3"]])
    XCTAssertEqual(crlf.rowLines, [2, 4])
    let mac = try parseCSV("a,b\r1,2\r3,4")
    XCTAssertEqual(mac.rows, [["1", "2"], ["3", "4"]])
    XCTAssertEqual(mac.rowLines, [2, 3])
    let mixed = try parseCSV("a,b\n1,2\r\n3,4\r5,6")
    XCTAssertEqual(mixed.rowLines, [2, 3, 4])
  }

  func testByteOrderMarkIsSkippedAndNotCounted() throws {
    let table = try parseCSV("\u{FEFF}a,b\n1,2\n")
    XCTAssertEqual(table.header, ["a", "b"])
    assertDataError(.invalidData, line: 1, column: 3, mentions: ["\"a\""]) {
      try parseCSV("\u{FEFF}a,a\n1,2\n")
    }
  }

  func testEmptyLinesAreSkipped() throws {
    let table = try parseCSV("\n\na,b\n\n1,2\n\r\n\r\r\n3,4\n\n")
    XCTAssertEqual(table.headerLine, 3)
    XCTAssertEqual(table.rows, [["1", "2"], ["3", "4"]])
    XCTAssertEqual(table.rowLines, [5, 9])
  }

  func testMissingFinalLineBreak() throws {
    XCTAssertEqual(try parseCSV("a,b\n1,2").rows, [["1", "2"]])
    XCTAssertEqual(try parseCSV("a,b\n1,").rows, [["1", ""]])
    XCTAssertEqual(try parseCSV("a,b\n1,\"2\"").rows, [["1", "2"]])
  }

  func testSpacesAndEmptyCellsAreKept() throws {
    let table = try parseCSV(" a ,b c\n 1 ,\t2\n,\n")
    XCTAssertEqual(table.header, [" a ", "b c"])
    XCTAssertEqual(table.rows, [[" 1 ", "\t2"], ["", ""]])
  }

  func testUnicodeValues() throws {
    let table = try parseCSV("é,名前\n👍🏽,\"ü,ß\"\n")
    XCTAssertEqual(table.header, ["é", "名前"])
    XCTAssertEqual(table.rows, [["👍🏽", "ü,ß"]])
  }

  func testInvalidUTF8IsReportedAtTheFirstBadByte() {
    let cases: [(bytes: [UInt8], line: Int, column: Int, byte: String)] = [
      (Array("a,b\n1,".utf8) + [0xE9] + Array("t\n".utf8), 2, 3, "0xE9"),  // Latin-1 é
      (Array("a,b\nü,".utf8) + [0xC0, 0x80], 2, 3, "0xC0"),  // overlong NUL
      (Array("a,b\n1,2\n".utf8) + [0xED, 0xA0, 0x80], 3, 1, "0xED"),  // surrogate
      (Array("a,é".utf8) + [0xE2, 0x82], 1, 4, "0xE2"),  // truncated at the end
      (Array("ab".utf8) + [0x80], 1, 3, "0x80"),  // lone continuation byte
      (Array("a,b\n1,\"x\ny".utf8) + [0xF5], 3, 2, "0xF5"),  // never a lead byte
    ]
    for (bytes, line, column, byte) in cases {
      assertDataError(.invalidEncoding, line: line, column: column, mentions: [byte, "UTF-8"]) {
        try CSVTable.parse(bytes, fileName: testFileName)
      }
    }
  }

  func testUTF8ValidationAgreesWithTheStandardLibrary() {
    var random = SplitMix64(state: 7)
    let interesting: [UInt8] = [
      0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
      0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF,
    ]
    for _ in 0..<20_000 {
      let length = Int.random(in: 0...6, using: &random)
      let bytes = (0..<length).map { _ in interesting.randomElement(using: &random) ?? 0 }
      let valid = UTF8Validation.firstInvalidByte(in: bytes, from: 0) == nil
      XCTAssertEqual(valid, String(validating: bytes, as: UTF8.self) != nil, "\(bytes)")
      if let bad = UTF8Validation.firstInvalidByte(in: bytes, from: 0) {
        XCTAssertNotNil(String(validating: bytes[..<bad], as: UTF8.self), "prefix of \(bytes)")
      }
    }
  }

  func testUnterminatedQuoteIsReportedWhereItOpened() {
    assertDataError(
      .malformedCSV, line: 2, column: 3, mentions: ["\"abc\\n2,3\\n\"", "never closed"]
    ) { try parseCSV("a,b\n1,\"abc\n2,3\n") }
    assertDataError(.malformedCSV, line: 1, column: 1, mentions: ["never closed"]) {
      try parseCSV("\"a")
    }
  }

  func testQuoteInsideAnUnquotedField() {
    assertDataError(.malformedCSV, line: 2, column: 5, mentions: ["\"ab\\\"c\"", "unquoted"]) {
      try parseCSV("a,b\n1,ab\"c\n")
    }
    // A field that starts with a space is unquoted, so its quote is stray.
    assertDataError(.malformedCSV, line: 2, column: 2, mentions: ["\" \\\"x\\\"\""]) {
      try parseCSV("a,b\n \"x\",2\n")
    }
    // Columns count characters, not bytes: ü is one, 👍🏽 is one.
    assertDataError(.malformedCSV, line: 2, column: 4) { try parseCSV("a,b\nü,x\"y\n") }
    assertDataError(.malformedCSV, line: 2, column: 4) { try parseCSV("a,b\n👍🏽,x\"\n") }
  }

  func testTextAfterAClosingQuote() {
    assertDataError(.malformedCSV, line: 2, column: 7, mentions: ["\"c\"", "\"ab\""]) {
      try parseCSV("a,b\n1,\"ab\"c\n")
    }
    assertDataError(.malformedCSV, line: 2, column: 4, mentions: ["\" \""]) {
      try parseCSV("a,b\n\"x\" ,2\n")
    }
    // Lines are physical: the row starting on line 2 spans two lines.
    assertDataError(.malformedCSV, line: 4, column: 6, mentions: ["\"r\""]) {
      try parseCSV("a,b\n\"x\ny\",2\n3,\"q\"r\n")
    }
  }

  func testRaggedRows() {
    assertDataError(
      .malformedCSV, line: 2, column: 4,
      mentions: ["row has 2 fields, the header has 3", "\"c\""]
    ) { try parseCSV("a,b,c\n1,2\n") }
    assertDataError(
      .malformedCSV, line: 3, column: 5,
      mentions: ["row has 4 fields, the header has 2", "\"3\""]
    ) { try parseCSV("a,b\n0,0\n1,2,3,4\n") }
    assertDataError(.malformedCSV, line: 2, column: 3, mentions: ["row has 3 fields"]) {
      try parseCSV("a,b\n,,\n")
    }
    assertDataError(.malformedCSV, line: 2, column: 4, mentions: ["row has 1 field,"]) {
      try parseCSV("a,b\n   \n1,2\n")
    }
    assertDataError(.malformedCSV, line: 2, column: 4, mentions: ["row has 1 field,"]) {
      try parseCSV("a,b\r\nabc\r\n")
    }
  }

  func testHeaderNamesMustBeUniqueAndNonEmpty() {
    assertDataError(
      .invalidData, line: 1, column: 5, mentions: ["\"a\"", "fields 1 and 3"]
    ) { try parseCSV("a,b,a\n1,2,3\n") }
    assertDataError(.invalidData, line: 1, column: 3, mentions: ["fields 1 and 2"]) {
      try parseCSV("\u{E9},e\u{301}\n1,2\n")
    }
    assertDataError(.invalidData, line: 1, column: 3, mentions: ["field 2", "empty"]) {
      try parseCSV("a,,c\n1,2,3\n")
    }
    assertDataError(.invalidData, line: 2, column: 3, mentions: ["field 2", "\" \\t\""]) {
      try parseCSV("\na, \t,c\n1,2,3\n")
    }
    assertDataError(.invalidData, line: 1, column: 1, mentions: ["field 1"]) {
      try parseCSV("\"\"\n1\n")
    }
  }

  func testNoHeaderOrNoRows() {
    for text in ["", "\n", "\r\n\n\r", "\u{FEFF}", "\u{FEFF}\n"] {
      assertDataError(.invalidData, line: nil, column: nil, mentions: ["empty", "header"]) {
        try parseCSV(text)
      }
    }
    assertDataError(.invalidData, line: 1, column: nil, mentions: ["no data rows"]) {
      try parseCSV("a,b\n\n\n")
    }
    assertDataError(.invalidData, line: 2, column: nil, mentions: ["no data rows"]) {
      try parseCSV("\na,b")
    }
  }

  func testCaps() {
    assertDataError(.tooLarge, line: nil, column: nil, mentions: ["11 bytes", "cap of 10 bytes"]) {
      try parseCSV("a,b\n1,2\n3,4", limits: CSVLimits(maxFileBytes: 10))
    }
    XCTAssertNoThrow(try parseCSV("a,b\n1,2\n3,", limits: CSVLimits(maxFileBytes: 10)))
    assertDataError(.tooLarge, line: 5, column: 1, mentions: ["cap of 2 rows"]) {
      try parseCSV("a\n1\n2\n\n3\n", limits: CSVLimits(maxRows: 2))
    }
    XCTAssertNoThrow(try parseCSV("a\n1\n2\n", limits: CSVLimits(maxRows: 2)))
    assertDataError(.tooLarge, line: 1, column: 7, mentions: ["cap of 3 fields"]) {
      try parseCSV("a,b,c,d\n1,2,3,4\n", limits: CSVLimits(maxFieldsPerRow: 3))
    }
    XCTAssertNoThrow(try parseCSV("a,b,c\n1,2,3\n", limits: CSVLimits(maxFieldsPerRow: 3)))
    assertDataError(.tooLarge, line: 2, column: 3, mentions: ["cap of 4 bytes"]) {
      try parseCSV("a,b\n1,12345\n", limits: CSVLimits(maxFieldBytes: 4))
    }
    assertDataError(.tooLarge, line: 2, column: 1, mentions: ["cap of 4 bytes"]) {
      try parseCSV("a,b\n\"abc\",1\n", limits: CSVLimits(maxFieldBytes: 4))
    }
    XCTAssertNoThrow(try parseCSV("a,b\n1,1234\n", limits: CSVLimits(maxFieldBytes: 4)))
    XCTAssertEqual(
      CSVLimits.default,
      CSVLimits(
        maxFileBytes: 536_870_912, maxRows: 1_000_000, maxFieldsPerRow: 100_000,
        maxFieldBytes: 1_048_576))
  }

  /// Random tables written with RFC 4180 quoting read back unchanged, on the right lines.
  func testRoundTripOfGeneratedTables() throws {
    var random = SplitMix64(state: 42)
    let pieces = ["a", "7", " ", ",", "\"", "\n", "\r\n", "é", "👍🏽", "x y", "-1.5", "\t"]
    for _ in 0..<300 {
      let columns = Int.random(in: 1...4, using: &random)
      let rowCount = Int.random(in: 1...5, using: &random)
      func field(_ nonEmpty: Bool) -> String {
        var value = ""
        for _ in 0..<Int.random(in: (nonEmpty ? 1 : 0)...4, using: &random) {
          value += pieces.randomElement(using: &random) ?? ""
        }
        return nonEmpty && value.allSatisfy({ $0 == " " || $0 == "\t" }) ? value + "n" : value
      }
      var header: [String] = []
      while header.count < columns {
        let name = field(true)
        if !header.contains(name) { header.append(name) }
      }
      let rows = (0..<rowCount).map { _ in (0..<columns).map { _ in field(false) } }
      let lineBreak = Bool.random(using: &random) ? "\n" : "\r\n"
      var text = ""
      var expectedLines: [Int] = []
      var line = 1
      for (index, record) in ([header] + rows).enumerated() {
        // A one-column row holding "" would be an empty line, so it is always quoted.
        let encoded = record.map { value in
          let mustQuote =
            value.isEmpty && columns == 1
            || value.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline })
          return mustQuote
            ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
        }.joined(separator: ",")
        if index > 0 { expectedLines.append(line) }
        text += encoded + lineBreak
        line += 1 + encoded.reduce(0) { $0 + ($1.isNewline ? 1 : 0) }
      }
      let table = try parseCSV(text)
      XCTAssertEqual(table.header, header, text)
      XCTAssertEqual(table.rows, rows, text)
      XCTAssertEqual(table.rowLines, expectedLines, text)
    }
  }
}
