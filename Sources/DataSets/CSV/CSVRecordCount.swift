/// A quick count of a CSV text's records, made before the text is parsed.
///
/// Parsing keeps every field as a string, some fifteen times the file's size: a file with more
/// rows than the cap took gigabytes before the cap was reached. This scan allocates nothing
/// and stops at the first record past the cap. It follows quotes (a line break inside a quoted
/// field does not end a record) and skips blank lines, as the parser does.
enum CSVRecordCount {
  /// The offset where the first record past `limit` non-blank records starts, if there is one.
  static func firstRecord(beyond limit: Int, in bytes: [UInt8]) -> Int? {
    bytes.withUnsafeBufferPointer { buffer in
      var records = 0
      var inQuotes = false
      var inRecord = false
      for (offset, byte) in buffer.enumerated() {
        if !inQuotes, byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
          inRecord = false
          continue
        }
        if !inRecord {
          inRecord = true
          records += 1
          if records > limit { return offset }
        }
        if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
      }
      return nil
    }
  }
}
