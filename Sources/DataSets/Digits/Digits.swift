/// The handwritten-digits data set that scikit-learn ships as `load_digits()`.
///
/// Source: "Optical Recognition of Handwritten Digits", UCI Machine Learning
/// Repository, E. Alpaydin and C. Kaynak (1998), test part; CC BY 4.0. The rows
/// keep scikit-learn's order, which is what makes `RandomState(2).shuffle`
/// select the same 340 samples as the published example. The values are
/// compiled in (see `scripts/embed_digits.py`), so no file lookup can fail.
extension DataSet {
  /// SHA-256 of `data/digits.csv`, the file the embedded values come from.
  public static let digitsSHA256 =
    "6ebb3d2fee246a4e99363262ddf8a00a3c41bee6014c373ed9d9216ba7f651b8"

  /// Attribution to show wherever the digits are used.
  public static let digitsAttribution =
    "Optical Recognition of Handwritten Digits, UCI Machine Learning Repository, "
    + "E. Alpaydin and C. Kaynak (1998), CC BY 4.0"

  /// All 1797 digits: 64 pixel features in 0...16 (row-major 8x8), classes "0"..."9".
  public static func digits() -> DataSet {
    let pixelCount = 64
    var features: [Double] = []
    features.reserveCapacity(1797 * pixelCount)
    var targets: [Int] = []
    targets.reserveCapacity(1797)
    for line in digitsEncoded.utf8.split(separator: UInt8(ascii: "\n")) {
      var column = 0
      for byte in line {
        let value: Int
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): value = Int(byte - UInt8(ascii: "0"))
        default: value = Int(byte - UInt8(ascii: "a")) + 10
        }
        if column < pixelCount {
          features.append(Double(value))
        } else {
          targets.append(value)
        }
        column += 1
      }
    }
    var names: [String] = []
    for row in 0..<8 {
      for column in 0..<8 { names.append("pixel_\(row)_\(column)") }
    }
    return DataSet(
      source: "digits", sha256: digitsSHA256, featureNames: names, features: features,
      targets: targets, classNames: (0...9).map(String.init),
      imageShape: ImageShape(height: 8, width: 8))
  }
}
