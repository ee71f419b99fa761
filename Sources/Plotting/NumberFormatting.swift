#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// C `printf` formatting of one number, in the C locale that Swift programs start in.
///
/// Python's `format(v, ".2g")` and `"%1.1f" % v` follow the same rules as C's `%.2g` and
/// `%1.1f` for finite values, so this reproduces what scikit-learn and matplotlib print.
func cFormat(_ format: String, _ value: Double) -> String {
  var buffer = [CChar](repeating: 0, count: 64)
  let written = withVaList([value]) { arguments in
    buffer.withUnsafeMutableBufferPointer { storage in
      vsnprintf(storage.baseAddress, storage.count, format, arguments)
    }
  }
  guard written >= 0 else { return "\(value)" }
  let bytes = buffer.prefix(min(Int(written), buffer.count - 1)).map { UInt8(bitPattern: $0) }
  return String(decoding: bytes, as: UTF8.self)
}

/// A cell value as scikit-learn's `ConfusionMatrixDisplay.plot` writes it when
/// `values_format` is None: `format(v, ".2g")`, or for an integer matrix `format(v, "d")`
/// when that is strictly shorter.
func confusionCellText(_ value: Double, integral: Bool) -> String {
  let general = cFormat("%.2g", value)
  guard integral, let integer = Int(exactly: value) else { return general }
  let decimal = String(integer)
  return decimal.count < general.count ? decimal : general
}

/// matplotlib's minus sign (U+2212) in place of the ASCII hyphen, as tick labels have it
/// when `axes.unicode_minus` is on (the default).
func withUnicodeMinus(_ text: String) -> String {
  String(text.map { $0 == "-" ? "\u{2212}" : $0 })
}
