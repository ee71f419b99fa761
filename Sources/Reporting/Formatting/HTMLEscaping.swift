/// Escaping of text for HTML text content and quoted attribute values, and its exact inverse.
///
/// `escape` works on Unicode scalars, not on `Character`s. That matters: a quote followed by a
/// combining mark (`"\u{301}`) is one `Character` in Swift, so an escaper that looks characters
/// up in a table lets the quote through, and the quote then ends an attribute value. Working
/// scalar by scalar leaves no such gap.
///
/// What is replaced:
/// - `&` `<` `>` `"` `'` by `&amp;` `&lt;` `&gt;` `&quot;` `&#39;`, so the result is safe in text
///   and in single- or double-quoted attribute values;
/// - the invisible bidirectional formatting characters (U+061C, U+200E, U+200F, U+202A–U+202E,
///   U+2066–U+2069) and the line and paragraph separators U+2028, U+2029 by hexadecimal
///   character references (`&#x202E;`). A browser decodes those back to the same character, so
///   the page shows exactly the text it was given; the reference only keeps the page's source
///   readable and free of characters that reorder or break lines in editors and terminals.
///   What stops a bidi override from reordering the page itself is the template: it puts user
///   text inline inside `<bdi>`, which isolates it.
///
/// Everything else, including non-ASCII text, is kept as it is.
public enum HTMLEscaping {
  /// Returns `text` with the characters that are special in HTML replaced by references.
  public static func escape(_ text: String) -> String {
    var escaped = ""
    escaped.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": escaped += "&amp;"
      case "<": escaped += "&lt;"
      case ">": escaped += "&gt;"
      case "\"": escaped += "&quot;"
      case "'": escaped += "&#39;"
      default:
        if isWrittenAsReference(scalar) {
          escaped += "&#x" + String(scalar.value, radix: 16, uppercase: true) + ";"
        } else {
          escaped.unicodeScalars.append(scalar)
        }
      }
    }
    return escaped
  }

  /// Returns `text` with character references decoded: the exact inverse of `escape`.
  ///
  /// Decodes the named references `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` `&nbsp;`, and decimal
  /// (`&#39;`) and hexadecimal (`&#x202E;`) references to any Unicode scalar; each must end in
  /// `;`. Anything else that starts with `&` is kept as it is. The input is read once from left
  /// to right, so `&amp;lt;` becomes `&lt;`, not `<`; together with `escape` writing every `&`
  /// as `&amp;`, this makes `unescape(escape(s)) == s` for every string.
  public static func unescape(_ text: String) -> String {
    let scalars = Array(text.unicodeScalars)
    var decoded = ""
    decoded.unicodeScalars.reserveCapacity(scalars.count)
    var position = 0
    while position < scalars.count {
      if scalars[position] == "&", let (scalar, length) = reference(in: scalars, at: position) {
        decoded.unicodeScalars.append(scalar)
        position += length
      } else {
        decoded.unicodeScalars.append(scalars[position])
        position += 1
      }
    }
    return decoded
  }

  private static let namedReferences: [String: Unicode.Scalar] = [
    "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}",
  ]

  /// The longest reference body considered, `#x10FFFF` or a name: longer runs are not references.
  private static let maximumReferenceLength = 8

  /// True for the scalars `escape` writes as numeric references although HTML would accept them.
  private static func isWrittenAsReference(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
    case 0x2028, 0x2029: true
    default: false
    }
  }

  /// The scalar a reference starting at `start` (an `&`) stands for, and the reference's length.
  private static func reference(
    in scalars: [Unicode.Scalar], at start: Int
  ) -> (Unicode.Scalar, Int)? {
    var body = ""
    var position = start + 1
    while position < scalars.count, scalars[position] != ";" {
      guard body.unicodeScalars.count < maximumReferenceLength else { return nil }
      body.unicodeScalars.append(scalars[position])
      position += 1
    }
    guard position < scalars.count, !body.isEmpty else { return nil }
    let length = position - start + 1
    if let named = namedReferences[body] {
      return (named, length)
    }
    guard body.hasPrefix("#") else { return nil }
    var digits = body.dropFirst()
    var radix = 10
    if digits.first == "x" || digits.first == "X" {
      digits = digits.dropFirst()
      radix = 16
    }
    guard !digits.isEmpty, digits.allSatisfy({ $0.isHexDigit && (radix == 16 || $0.isNumber) }),
      let value = UInt32(digits, radix: radix), let scalar = Unicode.Scalar(value)
    else { return nil }
    return (scalar, length)
  }
}
