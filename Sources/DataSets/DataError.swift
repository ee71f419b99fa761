/// Why an input file could not be turned into a data set, with the place in the file.
///
/// `description` is always a single line, `FILE:LINE:COLUMN: message`, with the
/// parts of the position that are known (`FILE: message` when none is), so that
/// editors and terminals can jump to the spot. Lines and columns are 1-based;
/// a column counts the characters (grapheme clusters) of its physical line.
/// Values quoted in messages are shortened and have control characters escaped,
/// so a hostile or binary file cannot break the line or fill the screen.
public struct DataError: Error, Sendable, CustomStringConvertible, Equatable {
  /// What went wrong, coarse enough to choose an exit code and to test against.
  public enum Kind: Sendable, Equatable {
    /// The path names nothing (or goes through something that is not a folder).
    case missingFile
    /// The path names a folder.
    case isDirectory
    /// The file exists but cannot be opened or read (permissions, I/O errors).
    case unreadable
    /// The bytes are not valid UTF-8.
    case invalidEncoding
    /// The text is not well-formed CSV: quoting errors and ragged rows.
    case malformedCSV
    /// Well-formed CSV that does not describe a labelled data set.
    case invalidData
    /// A size cap of `CSVLimits` was exceeded.
    case tooLarge
  }

  public var kind: Kind
  /// The file name as the user gave it.
  public var file: String
  /// 1-based physical line, when the error has a place.
  public var line: Int?
  /// 1-based column in characters of `line`, when the error has a place on it.
  public var column: Int?
  /// One sentence, without the file name and position.
  public var message: String

  public init(kind: Kind, file: String, line: Int? = nil, column: Int? = nil, message: String) {
    self.kind = kind
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  /// `sysexits.h` codes: `EX_NOINPUT` (66) when the input cannot be read at all,
  /// `EX_DATAERR` (65) when it was read but its content is unusable.
  public var exitCode: Int32 {
    switch kind {
    case .missingFile, .isDirectory, .unreadable: return 66
    case .invalidEncoding, .malformedCSV, .invalidData, .tooLarge: return 65
    }
  }

  public var description: String {
    var place = DataError.escaped(file)
    if let line {
      place += ":\(line)"
      if let column { place += ":\(column)" }
    }
    return "\(place): \(DataError.escaped(message))"
  }
}

extension DataError {
  /// Longest value, in characters, that a message quotes in full.
  static let quotedLengthLimit = 40

  /// `value` in double quotes, shortened to `quotedLengthLimit` characters with
  /// a trailing `…`, and escaped so that it stays on one line and reads unambiguously.
  static func quoted<Text: StringProtocol>(_ value: Text) -> String {
    var result = "\""
    for scalar in value.prefix(quotedLengthLimit).unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      default: result += escapedScalar(scalar)
      }
    }
    if !value.dropFirst(quotedLengthLimit).isEmpty { result += "…" }
    return result + "\""
  }

  /// `text` with every character that could end or reorder a terminal line escaped.
  static func escaped(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: needsEscape) else { return text }
    var result = ""
    for scalar in text.unicodeScalars { result += escapedScalar(scalar) }
    return result
  }

  private static func escapedScalar(_ scalar: Unicode.Scalar) -> String {
    guard needsEscape(scalar) else { return String(scalar) }
    switch scalar {
    case "\n": return "\\n"
    case "\r": return "\\r"
    case "\t": return "\\t"
    default: return "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
    }
  }

  /// Control characters, line and paragraph separators, and the bidirectional
  /// overrides and isolates that can make a line display in a misleading order.
  private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069:
      return true
    default:
      return false
    }
  }
}
