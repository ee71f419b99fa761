import Foundation

/// The number formats of the page, independent of the user's locale.
enum NumberFormatting {
  /// `value` with `digits` decimals, rounded from the binary value as C's `%.*f` does (and so
  /// as Python's `format`, which scikit-learn uses); `nan` and `inf` as Python writes them.
  static func fixed(_ value: Double, digits: Int) -> String {
    guard value.isFinite else { return nonFinite(value) }
    return String(format: "%.*f", locale: nil, max(digits, 0), value)
  }

  /// Three decimals, as the pages show accuracies and scores: `0.903`.
  static func decimals(_ value: Double) -> String {
    fixed(value, digits: 3)
  }

  /// A fraction in 0...1 as a percentage with one decimal, such as `90.3%`.
  static func percent(_ fraction: Double) -> String {
    guard fraction.isFinite else { return nonFinite(fraction) }
    return String(format: "%.1f%%", locale: nil, fraction * 100)
  }

  /// Four significant digits, switching to exponent form for very small or large values.
  static func significant(_ value: Double) -> String {
    guard value.isFinite else { return nonFinite(value) }
    return String(format: "%.4g", locale: nil, value)
  }

  /// A file size in bytes as people read it: `512 bytes`, `21.8 kB`, `3.4 MB` (powers of 1000).
  static func fileSize(_ bytes: Int) -> String {
    if bytes < 1000 { return bytes == 1 ? "1 byte" : "\(bytes) bytes" }
    let units = ["kB", "MB", "GB", "TB"]
    var size = Double(bytes) / 1000
    var unit = 0
    while size >= 999.95, unit + 1 < units.count {
      size /= 1000
      unit += 1
    }
    return String(format: "%.1f ", locale: nil, size) + units[unit]
  }

  /// A count with its noun, singular for one: `1 class`, `10 classes`.
  static func count(_ value: Int, _ noun: String, plural: String? = nil) -> String {
    "\(value) " + (value == 1 ? noun : plural ?? noun + "s")
  }

  /// A CSS length in percent for a bar, clamped to 0...100.
  static func barWidth(_ fraction: Double) -> String {
    let clamped = fraction.isFinite ? min(max(fraction, 0), 1) : 0
    return String(format: "%.1f%%", locale: nil, clamped * 100)
  }

  private static func nonFinite(_ value: Double) -> String {
    value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf")
  }
}
