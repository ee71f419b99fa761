/// Cells that a spreadsheet would run as a formula, made inert.
///
/// Excel, LibreOffice and Google Sheets take a cell starting with `=`, `+`, `-` or `@` (and,
/// in some, a tab or a carriage return) as a formula when they open a CSV file, so a class
/// name such as `=HYPERLINK("http://…")` in the data would become a live link, or worse, in
/// `predictions.csv`. Such a text cell gets a leading `'`, which spreadsheets show as text
/// and do not display; a number (`-0.5`, `+1e3`) is left as it is. (OWASP, "CSV Injection".)
public enum SpreadsheetFormulas {
  /// `text` with a `'` in front when a spreadsheet would read it as a formula.
  public static func neutralised(_ text: String) -> String {
    guard let first = text.utf8.first,
      first == UInt8(ascii: "=") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
        || first == UInt8(ascii: "@") || first == 0x09 || first == 0x0D
    else { return text }
    if isPlainNumber(text) { return text }
    return "'" + text
  }

  /// A decimal number as the tool writes them: sign, digits, point, exponent; nothing else.
  private static func isPlainNumber(_ text: String) -> Bool {
    var sawDigit = false
    var index = text.utf8.startIndex
    let bytes = text.utf8
    func skipDigits() {
      while index < bytes.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
        sawDigit = true
        index = bytes.index(after: index)
      }
    }
    if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
      index = bytes.index(after: index)
    }
    skipDigits()
    if index < bytes.endIndex, bytes[index] == UInt8(ascii: ".") {
      index = bytes.index(after: index)
      skipDigits()
    }
    guard sawDigit else { return false }
    if index < bytes.endIndex,
      bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")
    {
      index = bytes.index(after: index)
      if index < bytes.endIndex,
        bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")
      {
        index = bytes.index(after: index)
      }
      sawDigit = false
      skipDigits()
      guard sawDigit else { return false }
    }
    return index == bytes.endIndex
  }
}
