import XCTest

@testable import DataSets

/// The fast path's one-pass pieces against the readers they stand in for: the plain-number
/// reader against `StrictDecimal.read`, the record count (8 bytes at a time) against a
/// count byte by byte.
final class CSVScanTests: XCTestCase {
  private func plain(_ text: String) -> (value: Double, end: Int)? {
    Array(text.utf8).withUnsafeBufferPointer { bytes in
      StrictDecimal.readPlain(
        bytes.baseAddress ?? UnsafePointer(bitPattern: 8)!, from: 0, to: bytes.count,
        stop: { $0 == UInt8(ascii: ",") || $0 == 10 || $0 == 13 })
    }
  }

  func testPlainNumbersReadAsStrictDecimalReadsThem() {
    for text in ["1.7641", "0.0000", "-3", "15.", "123456789012345", "-0.0", ".5", "0.1", "9.95"] {
      guard let reading = plain(text) else {
        XCTFail("\(text) is a plain number")
        continue
      }
      XCTAssertEqual(reading.end, text.utf8.count)
      XCTAssertEqual(
        StrictDecimal.read(text), .number(reading.value), "\(text)")
      XCTAssertEqual(
        StrictDecimal.parse(text)?.bitPattern, reading.value.bitPattern, "\(text)")
    }
    XCTAssertEqual(plain("-0.0")?.value.sign, .minus)
    XCTAssertEqual(plain("1.5,2")?.end, 3)
    XCTAssertEqual(plain("2\r\n")?.end, 1)
    // Left to StrictDecimal: exponents, a plus sign, 16 digits, blanks, a second point.
    for text in [
      "1e3", "+1", "1234567890123456", "0.000000000000001", " 1", "1 ", "1.2.3", "-", ".",
      "", "1x", "--1",
    ] {
      XCTAssertNil(plain(text), "\(text)")
    }
  }

  func testRandomCellsAgreeWithStrictDecimal() {
    var seed: UInt64 = 42
    func next(_ bound: Int) -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(seed >> 33) % bound
    }
    let alphabet = Array("0123456789012345678901234567890123456789..--+e ")
    var accepted = 0
    for _ in 0..<50_000 {
      let text = String((0..<(1 + next(19))).map { _ in alphabet[next(alphabet.count)] })
      guard let reading = plain(text) else { continue }
      XCTAssertEqual(reading.end, text.utf8.count, text)
      guard case .number(let value) = StrictDecimal.read(text) else {
        XCTFail("\(text) read as \(reading.value) but StrictDecimal refuses it")
        continue
      }
      XCTAssertEqual(value.bitPattern, reading.value.bitPattern, text)
      accepted += 1
    }
    XCTAssertGreaterThan(accepted, 5_000)
  }

  private func countByBytes(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int {
    var count = 0
    var atLineStart = true
    for byte in bytes[start..<end] {
      if byte >= 0x80 || byte == UInt8(ascii: "\"") { return -1 }
      if byte == 10 || byte == 13 {
        atLineStart = true
      } else if atLineStart {
        count += 1
        atLineStart = false
      }
    }
    return count
  }

  func testRecordCountEqualsACountByBytes() {
    var seed: UInt64 = 7
    func next(_ bound: Int) -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(seed >> 33) % bound
    }
    let common: [UInt8] = Array("1.5,2\n\r\n\n-3,,".utf8)
    var refused = 0
    for round in 0..<4000 {
      let length = round < 3000 ? next(80) : 2000 + next(3000)
      var bytes = (0..<length).map { _ in common[next(common.count)] }
      if next(10) == 0, length > 0 { bytes[next(length)] = UInt8(ascii: "\"") }
      if next(10) == 0, length > 0 { bytes[next(length)] = 0xC3 }
      let start = length > 0 ? next(min(length, 9)) : 0
      let end = max(start, length - next(3))
      let expected = countByBytes(bytes, start, end)
      if expected < 0 { refused += 1 }
      let found = bytes.withUnsafeBufferPointer { buffer in
        NumericCSVFastPath.countRecords(
          buffer.baseAddress ?? UnsafePointer(bitPattern: 8)!, start, end,
          pages: PageRelease(
            base: buffer.baseAddress ?? UnsafePointer(bitPattern: 8)!, enabled: false))
      }
      XCTAssertEqual(found, expected, "\(bytes) \(start)..<\(end)")
    }
    XCTAssertGreaterThan(refused, 200)
  }
}
