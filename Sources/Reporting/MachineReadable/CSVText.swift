import Foundation

/// Comma-separated text as RFC 4180 writes it: fields with `,`, `"` or line breaks are quoted,
/// and a field a spreadsheet would run as a formula is made inert (`SpreadsheetFormulas`).
public enum CSVText {
  public static func field(_ raw: String) -> String {
    let text = SpreadsheetFormulas.neutralised(raw)
    // Bytes rather than Characters: faster, and "\r\n", a single Character equal to neither
    // "\r" nor "\n", is quoted too.
    let needsQuotes = text.utf8.contains {
      $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n")
        || $0 == UInt8(ascii: "\r")
    }
    return needsQuotes ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
  }

  public static func line(_ fields: [String]) -> String {
    fields.map(field).joined(separator: ",") + "\r\n"
  }
}
