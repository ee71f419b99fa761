/// A quick count of a CSV text's records, made before the text is parsed.
///
/// Parsing keeps every field as a string, some fifteen times the file's size: a file with more
/// rows than the cap took gigabytes before the cap was reached. This scan allocates nothing
/// and stops as soon as the count passes the cap. It follows quotes (a line break inside a
/// quoted field does not end a record) and skips blank lines, as the parser does.
enum CSVRecordCount {
  /// Whether `bytes` hold more than `limit` non-blank records.
  static func exceeds(_ bytes: [UInt8], limit: Int) -> Bool {
    bytes.withUnsafeBufferPointer { buffer in
      var records = 0
      var inQuotes = false
      var lineHasContent = false
      for byte in buffer {
        switch byte {
        case UInt8(ascii: "\""):
          inQuotes.toggle()
          lineHasContent = true
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
          if !inQuotes, lineHasContent {
            records += 1
            if records > limit { return true }
            lineHasContent = false
          }
        default:
          lineHasContent = true
        }
      }
      if lineHasContent { records += 1 }
      return records > limit
    }
  }
}
