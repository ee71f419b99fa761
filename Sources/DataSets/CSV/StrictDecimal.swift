/// A strict reader of plain decimal numbers, for CSV cells and command-line values.
///
/// The grammar, after leading and trailing spaces and tabs are dropped, is
///
///     [+-]? ( digits ( "." digits? )? | "." digits ) ( [eE] [+-]? digits )?
///
/// so `1`, `-2.5`, `1.`, `.5` and `6.02e23` are numbers, while hexadecimal
/// (`0x1p3`), `inf`, `nan`, a decimal comma (`1,5`), thousands separators,
/// inner spaces and the empty string are not. A literal whose value overflows
/// `Double` (`1e400`) or whose non-zero value rounds to zero (`1e-400`) is
/// rejected too: silently reading either as infinity or zero would change the
/// data. Subnormal results are accepted, as they are still non-zero.
///
/// Only text that matches the grammar is converted, and always correctly
/// rounded: values with at most 15 significant digits and a decimal exponent
/// within ±22 (nearly all data) by Clinger's exact fast path, the others by
/// the standard library's `Double(_:)`, which calls `strtod_l` with a fixed C
/// locale. Neither the user's locale nor a `setlocale` call anywhere in the
/// process can change the result (plain `strtod` would follow `LC_NUMERIC`).
public enum StrictDecimal {
  /// What `read(_:)` made of a text.
  public enum Reading: Sendable, Equatable {
    /// A finite value.
    case number(Double)
    /// Nothing but spaces and tabs.
    case empty
    /// Not a decimal number in the accepted grammar.
    case malformed
    /// The value is too large in magnitude for `Double`.
    case overflow
    /// A non-zero value too small in magnitude for `Double`: it would read as zero.
    case underflow
  }

  /// The value of `text`, or `nil` when it is not a finite decimal number in the grammar.
  public static func parse<Text: StringProtocol>(_ text: Text) -> Double? {
    if case .number(let value) = read(text) { return value }
    return nil
  }

  /// The value of `text`, or why it has none.
  public static func read<Text: StringProtocol>(_ text: Text) -> Reading {
    if let reading = text.utf8.withContiguousStorageIfAvailable({ read(utf8: $0) }) {
      return reading
    }
    return Array(text.utf8).withUnsafeBufferPointer { read(utf8: $0) }
  }

  /// `read(_:)` over UTF-8 bytes.
  static func read(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Reading {
    var start = 0
    var end = bytes.count
    while start < end, isBlank(bytes[start]) { start += 1 }
    while start < end, isBlank(bytes[end - 1]) { end -= 1 }
    if start == end { return .empty }

    var index = start
    var negative = false
    if isSign(bytes[index]) {
      negative = bytes[index] == UInt8(ascii: "-")
      index += 1
    }
    // The digits as an integer `significand` (exact while `significantDigits <= 19`)
    // times 10^`scale`; leading zeros are not significant.
    var significand: UInt64 = 0
    var significantDigits = 0
    var scale = 0
    var mantissaDigits = 0
    var seenPoint = false
    while index < end {
      let byte = bytes[index]
      if isDigit(byte) {
        mantissaDigits += 1
        if significantDigits > 0 || byte != UInt8(ascii: "0") {
          significantDigits += 1
          if significantDigits <= 19 {
            significand = significand &* 10 &+ UInt64(byte &- UInt8(ascii: "0"))
          }
        }
        if seenPoint && significantDigits <= 19 { scale -= 1 }
        if !seenPoint && significantDigits > 19 { scale += 1 }
      } else if byte == UInt8(ascii: "."), !seenPoint {
        seenPoint = true
      } else {
        break
      }
      index += 1
    }
    guard mantissaDigits > 0 else { return .malformed }
    if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      index += 1
      var exponentNegative = false
      if index < end, isSign(bytes[index]) {
        exponentNegative = bytes[index] == UInt8(ascii: "-")
        index += 1
      }
      var exponent = 0
      var exponentDigits = 0
      while index < end, isDigit(bytes[index]) {
        // Saturate: beyond 10^±100000 every non-zero value overflows or underflows.
        exponent = Swift.min(exponent * 10 + Int(bytes[index] &- UInt8(ascii: "0")), 100_000)
        exponentDigits += 1
        index += 1
      }
      guard exponentDigits > 0 else { return .malformed }
      scale += exponentNegative ? -exponent : exponent
    }
    guard index == end else { return .malformed }

    if significand == 0 && significantDigits == 0 { return .number(negative ? -0.0 : 0) }
    // Clinger's fast path: a significand below 2^53 and a power of ten up to 10^22
    // are both exact doubles, so one multiplication or division rounds correctly.
    if significantDigits <= 15, scale >= -22, scale <= 22 {
      let magnitude =
        scale < 0
        ? Double(significand) / exactPowersOfTen[-scale]
        : Double(significand) * exactPowersOfTen[scale]
      return .number(negative ? -magnitude : magnitude)
    }
    // Otherwise the C library's correctly rounded conversion, always in the C locale.
    let literal = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    // Older standard libraries answered `nil` rather than infinity on overflow.
    guard let value = Double(literal), value.isFinite else { return .overflow }
    return value == 0 ? .underflow : .number(value)
  }

  /// The commonest cell, read in one pass: `-`? digits, then `.` and digits or not, at most
  /// 15 digits in all, starting at `start` and ending at `end` or at a byte `stop` accepts.
  ///
  /// Gives the value and where it ends, the same bits as `read(utf8:)` (whose fast path
  /// such a literal always takes: 15 digits are exact, the scale is minus the digits after
  /// the point), or nil for anything else, which `read(utf8:)` must then judge.
  @inline(__always)
  static func readPlain(
    _ base: UnsafePointer<UInt8>, from start: Int, to end: Int, stop: (UInt8) -> Bool
  ) -> (value: Double, end: Int)? {
    var index = start
    let negative = index < end && base[index] == UInt8(ascii: "-")
    if negative { index += 1 }
    var significand: UInt64 = 0
    var digits = 0
    var fraction = 0
    var seenPoint = false
    while index < end {
      let digit = base[index] &- UInt8(ascii: "0")
      if digit < 10 {
        significand = significand &* 10 &+ UInt64(digit)
        digits += 1
        if seenPoint { fraction += 1 }
      } else if base[index] == UInt8(ascii: "."), !seenPoint {
        seenPoint = true
      } else {
        break
      }
      index += 1
    }
    guard digits > 0, digits <= 15, index == end || stop(base[index]) else { return nil }
    let magnitude = Double(significand) / exactPowersOfTen[fraction]
    return (negative ? -magnitude : magnitude, index)
  }

  /// 10^0 through 10^22, every one exactly representable.
  private static let exactPowersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
  ]

  private static func isBlank(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
  }

  private static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  private static func isSign(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
  }
}

extension StrictDecimal.Reading {
  /// Why a text is not usable, as the end of a sentence like `"x" holds "abc", `.
  public var rejection: String {
    switch self {
    case .number: return "which is a number"
    case .empty: return "which is empty"
    case .malformed: return "which is not a number"
    case .overflow: return "which is too large for a 64-bit floating-point number"
    case .underflow: return "which is too small for a 64-bit floating-point number (it reads as 0)"
    }
  }
}
