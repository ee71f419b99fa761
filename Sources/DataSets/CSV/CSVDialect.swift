/// The character between the fields of a CSV file.
public enum CSVDelimiter: String, Sendable, CaseIterable, Equatable {
  case comma = ","
  case semicolon = ";"
  case tab = "\t"

  /// The byte that separates fields.
  public var byte: UInt8 {
    switch self {
    case .comma: UInt8(ascii: ",")
    case .semicolon: UInt8(ascii: ";")
    case .tab: UInt8(ascii: "\t")
    }
  }

  /// The spelling of `--delimiter` that selects it: `,`, `;` or `tab`.
  public var optionValue: String { self == .tab ? "tab" : rawValue }

  /// How a message names it: `','`, `';'` or `tab`.
  public var displayName: String { self == .tab ? "tab" : "'\(rawValue)'" }

  /// Why a header read as the one column `header` with this delimiter cannot be a data set,
  /// naming the delimiter the header seems to use instead.
  public func oneColumnMessage(header: String) -> String {
    var message =
      "the header has one column, \(DataError.quoted(header)), when fields are separated by "
      + displayName
    let others = CSVDelimiter.allCases.filter { $0 != self && header.contains($0.rawValue) }
    if let other = others.first {
      message +=
        "; the header holds \(other.displayName) between names: use --delimiter "
        + (other == .tab ? "tab" : "'\(other.rawValue)'")
    } else {
      message +=
        "; a data set needs feature columns and a class column, separated by ',', ';' or tabs "
        + "(--delimiter)"
    }
    return message
  }

  /// The delimiter `--delimiter` names: `,`, `;`, `tab` (or a tab character itself).
  public init?(optionValue: String) {
    switch optionValue {
    case ",", "comma": self = .comma
    case ";", "semicolon": self = .semicolon
    case "tab", "\t", "\\t": self = .tab
    default: return nil
    }
  }

  /// The delimiter of a CSV file, `,`, `;` or tab, detected from its first two records.
  ///
  /// It is the one found most often in the header line, outside quoted fields, among
  /// those found as often in the next record; when none is, the one found most often
  /// in the header. Ties go to `,`, then `;`.
  ///
  /// A header with none of them has one column, which the reader then reports.
  public static func detect(in bytes: [UInt8]) -> CSVDelimiter {
    var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    let header = counts(in: bytes, from: &index) ?? [0, 0, 0]
    let next = counts(in: bytes, from: &index)
    let candidates = [CSVDelimiter.comma, .semicolon, .tab].indices.filter { header[$0] > 0 }
    let consistent = candidates.filter { next == nil || next?[$0] == header[$0] }
    let pool = consistent.isEmpty ? candidates : consistent
    var best = 0
    var bestCount = 0
    for candidate in pool where header[candidate] > bestCount {
      best = candidate
      bestCount = header[candidate]
    }
    return [CSVDelimiter.comma, .semicolon, .tab][best]
  }

  /// How many `,`, `;` and tabs the record at `index` holds outside quotes.
  ///
  /// `index` moves past the record; `nil` at the end of the bytes. Blank lines before
  /// the record are skipped.
  private static func counts(in bytes: [UInt8], from index: inout Int) -> [Int]? {
    let lineFeed = UInt8(ascii: "\n")
    let carriageReturn = UInt8(ascii: "\r")
    while index < bytes.count, bytes[index] == lineFeed || bytes[index] == carriageReturn {
      index += 1
    }
    guard index < bytes.count else { return nil }
    var counts = [0, 0, 0]
    var quoted = false
    while index < bytes.count {
      let byte = bytes[index]
      index += 1
      switch byte {
      case UInt8(ascii: "\""): quoted.toggle()
      case lineFeed, carriageReturn: if !quoted { return counts }
      case UInt8(ascii: ","): if !quoted { counts[0] += 1 }
      case UInt8(ascii: ";"): if !quoted { counts[1] += 1 }
      case UInt8(ascii: "\t"): if !quoted { counts[2] += 1 }
      default: break
      }
    }
    return counts
  }
}

/// The character between the whole and the fractional part of a number in a CSV file.
public enum DecimalSeparator: String, Sendable, CaseIterable, Equatable {
  /// `0.5`, the only form numbers take in a `,`-separated file.
  case point = "."
  /// `0,5`, as spreadsheets in many European locales write numbers.
  case comma = ","

  /// The decimal separator `--decimal` names.
  public init?(optionValue: String) {
    switch optionValue {
    case ".", "point": self = .point
    case ",", "comma": self = .comma
    default: return nil
    }
  }
}

extension StrictDecimal {
  /// The value of `text` written with a decimal comma: `0,5`, `-1,25e3`, `7`.
  ///
  /// The grammar is `StrictDecimal`'s with `,` in the place of `.`; a point is not
  /// part of it (it would be a thousands separator or a mistake), and reads as malformed.
  public static func readDecimalComma<Text: StringProtocol>(_ text: Text) -> Reading {
    var bytes = Array(text.utf8)
    for index in bytes.indices {
      switch bytes[index] {
      case UInt8(ascii: "."): return .malformed
      case UInt8(ascii: ","): bytes[index] = UInt8(ascii: ".")
      default: break
      }
    }
    return bytes.withUnsafeBufferPointer { read(utf8: $0) }
  }
}
