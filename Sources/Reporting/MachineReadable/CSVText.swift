import Foundation

/// Comma-separated text as RFC 4180 writes it: fields with `,`, `"` or line breaks are quoted.
public enum CSVText {
  public static func field(_ text: String) -> String {
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
