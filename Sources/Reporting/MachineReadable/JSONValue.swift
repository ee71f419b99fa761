import Foundation

/// A JSON document with ordered keys, written the same way every time.
///
/// Keys keep the order they were given in, so `metrics.json` reads top-down
/// like the report. Numbers that are not finite are written as `null`: JSON has
/// no NaN, and a consumer must never receive one. Strings escape `<`, `>` and
/// `&` as well, so the text can be placed inside an HTML page unchanged.
public indirect enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    lhs.serialized() == rhs.serialized()
  }

  /// The document as UTF-8 text: objects one key per line, arrays of scalars on one line.
  public func serialized() -> String {
    var output = ""
    write(into: &output, indent: 0)
    output += "\n"
    return output
  }

  private var isScalar: Bool {
    switch self {
    case .array, .object: false
    default: true
    }
  }

  private func write(into output: inout String, indent: Int) {
    switch self {
    case .null: output += "null"
    case .bool(let value): output += value ? "true" : "false"
    case .int(let value): output += String(value)
    case .double(let value): output += Self.number(value)
    case .string(let value): Self.writeString(value, into: &output)
    case .array(let values):
      if values.isEmpty {
        output += "[]"
      } else if values.allSatisfy(\.isScalar) {
        output += "["
        for (index, value) in values.enumerated() {
          if index > 0 { output += ", " }
          value.write(into: &output, indent: indent)
        }
        output += "]"
      } else {
        output += "[\n"
        for (index, value) in values.enumerated() {
          output += String(repeating: " ", count: indent + 2)
          value.write(into: &output, indent: indent + 2)
          output += index + 1 < values.count ? ",\n" : "\n"
        }
        output += String(repeating: " ", count: indent) + "]"
      }
    case .object(let members):
      if members.isEmpty {
        output += "{}"
        return
      }
      output += "{\n"
      for (index, member) in members.enumerated() {
        output += String(repeating: " ", count: indent + 2)
        Self.writeString(member.0, into: &output)
        output += ": "
        member.1.write(into: &output, indent: indent + 2)
        output += index + 1 < members.count ? ",\n" : "\n"
      }
      output += String(repeating: " ", count: indent) + "}"
    }
  }

  /// Shortest text that reads back as the same `Double`; `null` for NaN and infinities.
  public static func number(_ value: Double) -> String {
    guard value.isFinite else { return "null" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) + ".0" }
    return "\(value)"
  }

  static func writeString(_ text: String, into output: inout String) {
    output += "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": output += "\\\""
      case "\\": output += "\\\\"
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      case "<", ">", "&", "\u{2028}", "\u{2029}":
        output += hexEscape(scalar.value)
      default:
        if scalar.value < 0x20 || scalar.value == 0x7f {
          output += hexEscape(scalar.value)
        } else {
          output.unicodeScalars.append(scalar)
        }
      }
    }
    output += "\""
  }

  private static func hexEscape(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "\\u" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }
}
