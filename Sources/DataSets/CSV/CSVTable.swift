/// A CSV file read strictly as RFC 4180 text: a header and rows of equal length.
///
/// What is accepted:
/// - UTF-8 only; a leading byte order mark is skipped and does not count as a column.
/// - Fields separated by `,` (or the `CSVDelimiter` given: `;` or tab); a field that
///   starts with `"` is quoted and may hold separators, line breaks and `""` for one quote. Quoted field values are taken as
///   written between the quotes, line breaks included.
/// - Records end with LF, CRLF or a lone CR (old Mac files), or at the end of the
///   file (the final line break is optional). Line numbers count each of these,
///   inside quoted fields too, so they match what an editor shows.
/// - Completely empty lines are skipped; a line holding only spaces or commas is a
///   record like any other (and then usually ragged).
/// - Spaces around fields are part of the value; numeric readers trim them later.
///
/// What is rejected, each with the line and column where it happens:
/// bytes that are not UTF-8, a quote that is never closed (reported where it
/// opened), a quote inside an unquoted field, anything but a separator or line
/// break after a closing quote, a row with a different number of fields than the
/// header, a header with a repeated name or an empty one (but for the first, which
/// is how pandas writes an unnamed index column), a file with no header or no
/// data rows, and anything beyond `CSVLimits`.
public struct CSVTable: Sendable, Equatable {
  /// The column names, in file order.
  public var header: [String]
  /// The data rows, each with `header.count` fields.
  public var rows: [[String]]
  /// The 1-based physical line on which each row starts.
  public var rowLines: [Int]
  /// The 1-based physical line of the header.
  public var headerLine: Int
  /// The byte offset at which each row starts, to find a cell again for an error message.
  var rowOffsets: [Int]
  /// The byte between fields.
  var separator = CSVDelimiter.comma.byte

  /// Reads `bytes` as a CSV table; `fileName` is only used in error messages.
  public static func parse(
    _ bytes: [UInt8], fileName: String, limits: CSVLimits = .default,
    delimiter: CSVDelimiter = .comma
  ) throws(DataError) -> CSVTable {
    var parser = CSVParser(
      bytes: bytes, fileName: fileName, limits: limits, separator: delimiter.byte)
    return try parser.parseTable()
  }

  /// The line and column of field `field` of row `row`, in the bytes the table was parsed from.
  func position(row: Int, field: Int, in bytes: [UInt8]) -> TextPosition {
    var offset = rowOffsets[row]
    var remaining = field
    while remaining > 0, offset < bytes.count {
      offset = CSVParser.endOfField(startingAt: offset, in: bytes, separator: separator)
      if offset < bytes.count, bytes[offset] == separator { offset += 1 }
      remaining -= 1
    }
    return TextPosition(offset: offset, in: bytes)
  }
}

/// A 1-based line and column, the column counted in characters of its line.
struct TextPosition: Equatable {
  var line: Int
  var column: Int

  /// The position of the byte at `offset`; the bytes before it must be valid UTF-8.
  ///
  /// LF, CRLF and a lone CR each end a line. A leading byte order mark is not a character.
  init(offset: Int, in bytes: [UInt8]) {
    let start = CSVParser.contentStart(of: bytes)
    let end = min(max(offset, start), bytes.count)
    var line = 1
    var lineStart = start
    var index = start
    while index < end {
      let byte = bytes[index]
      if byte == CSVParser.lineFeed || byte == CSVParser.carriageReturn {
        let pair =
          byte == CSVParser.carriageReturn && index + 1 < bytes.count
          && bytes[index + 1] == CSVParser.lineFeed
        if pair && index + 1 >= end { break }
        index += pair ? 2 : 1
        line += 1
        lineStart = index
      } else {
        index += 1
      }
    }
    self.line = line
    self.column = String(decoding: bytes[lineStart..<min(index, end)], as: UTF8.self).count + 1
  }
}

/// The state of one pass over the bytes of a CSV file.
private struct CSVParser {
  static let quote = UInt8(ascii: "\"")
  static let lineFeed = UInt8(ascii: "\n")
  static let carriageReturn = UInt8(ascii: "\r")
  static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

  let bytes: [UInt8]
  let fileName: String
  let limits: CSVLimits
  /// The byte between fields: `,`, `;` or tab.
  let separator: UInt8
  /// Next byte to read.
  var index: Int
  /// Physical line of `index`.
  var line = 1
  /// Value of a quoted field being unescaped.
  var quotedValue: [UInt8] = []
  /// Byte offsets where the fields of the current record start.
  var fieldStarts: [Int] = []

  init(bytes: [UInt8], fileName: String, limits: CSVLimits, separator: UInt8) {
    self.bytes = bytes
    self.fileName = fileName
    self.limits = limits
    self.separator = separator
    self.index = CSVParser.contentStart(of: bytes)
  }

  /// Where the text starts: after a UTF-8 byte order mark, if there is one.
  static func contentStart(of bytes: [UInt8]) -> Int {
    bytes.starts(with: byteOrderMark) ? byteOrderMark.count : 0
  }

  /// The offset just past the field that starts at `start` (at its separator or line break).
  ///
  /// Only used on text that has already been parsed without error.
  static func endOfField(startingAt start: Int, in bytes: [UInt8], separator: UInt8) -> Int {
    var offset = start
    if offset < bytes.count, bytes[offset] == quote {
      offset += 1
      while offset < bytes.count {
        if bytes[offset] == quote {
          if offset + 1 < bytes.count, bytes[offset + 1] == quote {
            offset += 2
            continue
          }
          return offset + 1
        }
        offset += 1
      }
      return offset
    }
    while offset < bytes.count, bytes[offset] != separator, bytes[offset] != lineFeed,
      bytes[offset] != carriageReturn
    {
      offset += 1
    }
    return offset
  }

  mutating func parseTable() throws(DataError) -> CSVTable {
    guard bytes.count <= limits.maxFileBytes else {
      throw DataError(
        kind: .tooLarge, file: fileName,
        message: "the file has \(bytes.count) bytes, more than the cap of "
          + "\(limits.maxFileBytes) bytes")
    }
    // The header and `maxRows` data rows; counted before parsing, which takes far more memory.
    if let beyond = CSVRecordCount.firstRecord(beyond: limits.maxRows + 1, in: bytes) {
      throw error(.tooLarge, at: beyond, "more data rows than the cap of \(limits.maxRows) rows")
    }
    if let bad = UTF8Validation.firstInvalidByte(in: bytes, from: index) {
      let byte = String(bytes[bad], radix: 16, uppercase: true)
      throw error(
        .invalidEncoding, at: bad,
        "byte 0x\(byte.count == 1 ? "0" + byte : byte) is not valid UTF-8; "
          + "save the file as UTF-8")
    }

    var header: [String]?
    var headerLine = 0
    var rows: [[String]] = []
    var rowLines: [Int] = []
    var rowOffsets: [Int] = []
    while index < bytes.count {
      if isLineBreak(bytes[index]) {
        skipLineBreak()
        continue
      }
      let recordLine = line
      let recordOffset = index
      let fields = try parseRecord()
      if let header {
        if fields.count > header.count, header.count == 1,
          let delimiter = CSVDelimiter.allCases.first(where: { $0.byte == separator })
        {
          // Most often a file split at the wrong character: say so rather than "ragged".
          throw DataError(
            kind: .invalidData, file: fileName, line: headerLine,
            message: delimiter.oneColumnMessage(header: header[0]))
        }
        if fields.count > header.count {
          throw error(
            .malformedCSV, at: fieldStarts[header.count],
            "row has \(fields.count) fields, the header has \(header.count): "
              + "the first extra field holds \(DataError.quoted(fields[header.count]))")
        }
        if fields.count < header.count {
          // `index` is at the line break (or end of file) that ended the short record.
          throw error(
            .malformedCSV, at: index,
            "row has \(fields.count) \(fields.count == 1 ? "field" : "fields"), "
              + "the header has \(header.count): no value for column "
              + DataError.quoted(header[fields.count]))
        }
        guard rows.count < limits.maxRows else {
          throw DataError(
            kind: .tooLarge, file: fileName, line: recordLine, column: 1,
            message: "more data rows than the cap of \(limits.maxRows) rows")
        }
        rows.append(fields)
        rowLines.append(recordLine)
        rowOffsets.append(recordOffset)
      } else {
        try checkHeader(fields)
        header = fields
        headerLine = recordLine
      }
      skipLineBreak()
    }

    guard let header else {
      throw DataError(
        kind: .invalidData, file: fileName,
        message: "the file is empty; it must start with a header line naming the columns")
    }
    guard !rows.isEmpty else {
      throw DataError(
        kind: .invalidData, file: fileName, line: headerLine,
        message: "the file has a header but no data rows")
    }
    return CSVTable(
      header: header, rows: rows, rowLines: rowLines, headerLine: headerLine,
      rowOffsets: rowOffsets, separator: separator)
  }

  /// Reads one record up to (not including) its line break, noting where each field starts.
  private mutating func parseRecord() throws(DataError) -> [String] {
    var fields: [String] = []
    fieldStarts.removeAll(keepingCapacity: true)
    while true {
      let start = index
      guard fields.count < limits.maxFieldsPerRow else {
        throw error(
          .tooLarge, at: start,
          "more fields in one row than the cap of \(limits.maxFieldsPerRow) fields")
      }
      let isQuoted = start < bytes.count && bytes[start] == CSVParser.quote
      let field = isQuoted ? try parseQuotedField() : try parseUnquotedField()
      guard index - start <= limits.maxFieldBytes else {
        throw error(
          .tooLarge, at: start, "field is longer than the cap of \(limits.maxFieldBytes) bytes")
      }
      fields.append(field)
      fieldStarts.append(start)
      guard index < bytes.count, bytes[index] == separator else { return fields }
      index += 1
    }
  }

  /// Reads a field up to the next separator or line break; a quote in it is an error.
  private mutating func parseUnquotedField() throws(DataError) -> String {
    let start = index
    while index < bytes.count {
      let byte = bytes[index]
      if byte == separator || isLineBreak(byte) { break }
      if byte == CSVParser.quote {
        let value = excerpt(start..<fieldEnd(from: index))
        throw error(
          .malformedCSV, at: index,
          "quote inside the unquoted field \(DataError.quoted(value)); a field that "
            + "contains quotes must be quoted as a whole, with each quote doubled")
      }
      index += 1
    }
    return String(decoding: bytes[start..<index], as: UTF8.self)
  }

  /// Reads a field that starts with a quote, up to and including its closing quote.
  private mutating func parseQuotedField() throws(DataError) -> String {
    let opening = index
    index += 1
    quotedValue.removeAll(keepingCapacity: true)
    var segmentStart = index
    while true {
      guard index < bytes.count else {
        let value = excerpt((opening + 1)..<bytes.count)
        throw error(
          .malformedCSV, at: opening,
          "quoted field \(DataError.quoted(value)) is never closed; "
            + "add the closing quote, and double each quote inside the field")
      }
      let byte = bytes[index]
      if byte == CSVParser.quote {
        if index + 1 < bytes.count, bytes[index + 1] == CSVParser.quote {
          quotedValue.append(contentsOf: bytes[segmentStart...index])
          index += 2
          segmentStart = index
          continue
        }
        quotedValue.append(contentsOf: bytes[segmentStart..<index])
        index += 1
        break
      }
      if isLineBreak(byte) {
        skipLineBreak()
      } else {
        index += 1
      }
    }
    if index < bytes.count, bytes[index] != separator, !isLineBreak(bytes[index]) {
      let text = excerpt(index..<fieldEnd(from: index))
      throw error(
        .malformedCSV, at: index,
        "text \(DataError.quoted(text)) after the closing quote of the field "
          + "\(DataError.quoted(String(decoding: quotedValue, as: UTF8.self))); "
          + "a quote inside a quoted field must be doubled")
    }
    return String(decoding: quotedValue, as: UTF8.self)
  }

  /// Rejects a header with an empty, blank or repeated name; the first name may be empty
  /// (pandas' unnamed index column), which the data set reader then decides about.
  ///
  /// Names are compared as Swift strings, so two spellings of one name that differ
  /// only in Unicode normalisation (they look the same) are repeats too.
  private func checkHeader(_ names: [String]) throws(DataError) {
    var firstField: [String: Int] = [:]
    for (field, name) in names.enumerated() {
      if field == 0, name.isEmpty, names.count > 1 { continue }
      if name.allSatisfy({ $0 == " " || $0 == "\t" }) {
        throw error(
          .invalidData, at: fieldStarts[field],
          "the header's field \(field + 1) is "
            + (name.isEmpty ? "empty" : "blank, \(DataError.quoted(name))")
            + "; every column needs a name")
      }
      if let first = firstField[name] {
        throw error(
          .invalidData, at: fieldStarts[field],
          "the header names column \(DataError.quoted(name)) twice "
            + "(fields \(first + 1) and \(field + 1)); column names must be unique")
      }
      firstField[name] = field
    }
  }

  private func isLineBreak(_ byte: UInt8) -> Bool {
    byte == CSVParser.lineFeed || byte == CSVParser.carriageReturn
  }

  /// Steps over one LF, CRLF or CR at `index`, if there is one, and counts the line.
  private mutating func skipLineBreak() {
    guard index < bytes.count, isLineBreak(bytes[index]) else { return }
    let pair =
      bytes[index] == CSVParser.carriageReturn && index + 1 < bytes.count
      && bytes[index + 1] == CSVParser.lineFeed
    index += pair ? 2 : 1
    line += 1
  }

  /// The end of the text that starts at `offset`, for quoting it: the next separator or line break.
  private func fieldEnd(from offset: Int) -> Int {
    var end = offset
    while end < bytes.count, bytes[end] != separator, !isLineBreak(bytes[end]) { end += 1 }
    return end
  }

  /// The text of `range` for an error message, decoded from no more than its first 256
  /// bytes: enough for `DataError.quoted`, however long the range.
  private func excerpt(_ range: Range<Int>) -> String {
    String(decoding: bytes[range.prefix(256)], as: UTF8.self)
  }

  private func error(_ kind: DataError.Kind, at offset: Int, _ message: String) -> DataError {
    let position = TextPosition(offset: offset, in: bytes)
    return DataError(
      kind: kind, file: fileName, line: position.line, column: position.column, message: message)
  }
}
