import XCTest

@testable import DataSets

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The strict decimal grammar shared by CSV cells and command-line values.
final class StrictDecimalTests: XCTestCase {
  func testAcceptedSpellings() {
    let cases: [(String, Double)] = [
      ("0", 0), ("7", 7), ("-7", -7), ("+7", 7), ("007", 7), ("1.5", 1.5), ("-2.25", -2.25),
      ("1.", 1), ("-1.", -1), (".5", 0.5), ("-.5", -0.5), ("+.5e-3", 0.0005), ("1e3", 1000),
      ("1E3", 1000), ("1e+3", 1000), ("2.5e-3", 0.0025), ("1.e2", 100), ("0.1", 0.1),
      (" 42 ", 42), ("\t-3\t", -3), (" \t 6.02e23 \t ", 6.02e23), ("0e999999", 0),
      ("1.7976931348623157e308", .greatestFiniteMagnitude),
      ("2.2250738585072014e-308", .leastNormalMagnitude),
      ("4.9406564584124654e-324", .leastNonzeroMagnitude),
      ("3e-324", .leastNonzeroMagnitude),
      ("9007199254740993", 9_007_199_254_740_992),
      (String(repeating: "1", count: 401) + "e-400", 1.111_111_111_111_111_1),
    ]
    for (text, expected) in cases {
      XCTAssertEqual(StrictDecimal.parse(text), expected, text)
      XCTAssertEqual(StrictDecimal.read(text), .number(expected), text)
    }
    XCTAssertEqual(StrictDecimal.parse("-0")?.sign, .minus)
    XCTAssertEqual(StrictDecimal.parse("12.5"[...]), 12.5)
    XCTAssertEqual(StrictDecimal.parse("x=3".split(separator: "=")[1]), 3)
  }

  func testRejectedSpellings() {
    let malformed = [
      "abc", ".", "-", "+", "+-1", "--1", "e5", ".e5", "1e", "1e+", "1e-", "1e5.5", "1.2.3",
      "1 2", "1_000", "1,5", "1,000", "0x10", "0x1p3", "inf", "-inf", "Infinity", "nan", "NaN",
      "1.5f", "1d", "\u{661}", "\u{FF11}", "\u{A0}1", "1\u{A0}", "1\n", "\n1", "\r1", "1\r",
      "1e5e5", "'1'", "\"1\"", "1-", "½",
    ]
    for text in malformed {
      XCTAssertNil(StrictDecimal.parse(text), text)
      XCTAssertEqual(StrictDecimal.read(text), .malformed, text)
    }
    for text in ["", " ", "\t\t ", "  \t"] {
      XCTAssertEqual(StrictDecimal.read(text), .empty, text)
      XCTAssertNil(StrictDecimal.parse(text))
    }
  }

  func testOverflowAndUnderflow() {
    for text in ["1e400", "-1e400", "1.7976931348623159e308", "1e99999999999999999999"] {
      XCTAssertEqual(StrictDecimal.read(text), .overflow, text)
      XCTAssertNil(StrictDecimal.parse(text), text)
    }
    for text in ["1e-400", "-1e-400", "2e-324", "0.0000001e-320", "1e-99999999999999999999"] {
      XCTAssertEqual(StrictDecimal.read(text), .underflow, text)
      XCTAssertNil(StrictDecimal.parse(text), text)
    }
    XCTAssertEqual(StrictDecimal.read("0.000e-400"), .number(0))
  }

  func testRejectionsReadAsSentenceEnds() {
    XCTAssertEqual(StrictDecimal.Reading.malformed.rejection, "which is not a number")
    XCTAssertTrue(StrictDecimal.Reading.overflow.rejection.contains("too large"))
    XCTAssertTrue(StrictDecimal.Reading.underflow.rejection.contains("too small"))
    XCTAssertTrue(StrictDecimal.Reading.empty.rejection.contains("empty"))
  }

  /// Every value printed by Swift reads back to the same bits.
  func testRoundTripsPrintedDoubles() {
    var random = SplitMix64(state: 3)
    for _ in 0..<5000 {
      let value = Double(bitPattern: random.next())
      guard value.isFinite else { continue }
      XCTAssertEqual(StrictDecimal.parse("\(value)")?.bitPattern, value.bitPattern, "\(value)")
    }
  }

  /// Generated literals read exactly as the C library's correctly rounded conversion reads them.
  func testAgreesWithCorrectlyRoundedConversion() {
    var random = SplitMix64(state: 11)
    for _ in 0..<20_000 {
      let digitCount = Int.random(in: 1...22, using: &random)
      var digits = (0..<digitCount).map { _ in String(Int.random(in: 0...9, using: &random)) }
      if Bool.random(using: &random) {
        digits.insert(".", at: Int.random(in: 0...digitCount, using: &random))
      }
      var text = (Bool.random(using: &random) ? "-" : "") + digits.joined()
      if Bool.random(using: &random) { text += "e\(Int.random(in: -40...40, using: &random))" }
      let expected = Double(text)
      XCTAssertEqual(StrictDecimal.parse(text)?.bitPattern, expected?.bitPattern, text)
    }
  }

  /// A locale with a decimal comma does not change what `1.5` means.
  func testIndependentOfTheCLocale() throws {
    let names = ["de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "de_DE", "fr_FR"]
    guard let name = names.first(where: { setlocale(LC_NUMERIC, $0) != nil }) else {
      throw XCTSkip("no locale with a decimal comma is installed")
    }
    defer { setlocale(LC_NUMERIC, "C") }
    // The C library's own parser now reads a decimal comma, so the locale took effect.
    XCTAssertEqual(strtod("1,5", nil), 1.5, name)
    XCTAssertEqual(StrictDecimal.parse("1.5"), 1.5, name)
    XCTAssertNil(StrictDecimal.parse("1,5"), name)
  }
}
