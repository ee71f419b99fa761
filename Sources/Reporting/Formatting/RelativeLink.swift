/// File names turned into relative URL references for `href` and `src`.
enum RelativeLink {
  /// `name` percent-encoded as a path relative to the page.
  ///
  /// Every byte outside `A–Z a–z 0–9 - . _ ~ /` is percent-encoded as UTF-8, so spaces, `#` and
  /// `?` in a file name stay part of the name, and a colon cannot start a scheme
  /// (`javascript:x` becomes the file `javascript%3Ax`). A leading `/` is encoded too, so no
  /// reference can become absolute or name another host (`//example`).
  static func encode(_ name: String) -> String {
    var encoded = ""
    for (offset, byte) in name.utf8.enumerated() {
      let isKept =
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x2E || byte == 0x5F
        || byte == 0x7E || (byte == 0x2F && offset > 0)
      if isKept {
        encoded.unicodeScalars.append(Unicode.Scalar(byte))
      } else {
        encoded += "%" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
      }
    }
    return encoded
  }
}
