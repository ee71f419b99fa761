/// A colour with red, green and blue components in 0...1 (sRGB, as matplotlib stores them).
public struct RGB: Sendable, Equatable, Hashable {
  public var red: Double
  public var green: Double
  public var blue: Double

  public init(_ red: Double, _ green: Double, _ blue: Double) {
    self.red = red
    self.green = green
    self.blue = blue
  }

  /// A colour from 8-bit components, as in `RGB(bytes: 0xd6, 0x27, 0x28)`.
  public init(bytes red: UInt8, _ green: UInt8, _ blue: UInt8) {
    self.init(Double(red) / 255, Double(green) / 255, Double(blue) / 255)
  }

  public static let black = RGB(0, 0, 0)
  public static let white = RGB(1, 1, 1)
  /// matplotlib's "tab:red" (#d62728), for marking a wrong prediction.
  public static let tabRed = RGB(bytes: 0xd6, 0x27, 0x28)

  /// The 8-bit value of each component as matplotlib's images store it:
  /// `(lut * 255).astype(np.uint8)`, that is, truncated rather than rounded.
  var truncatedBytes: (red: UInt8, green: UInt8, blue: UInt8) {
    func byte(_ component: Double) -> UInt8 {
      UInt8(max(0, min(255, (component * 255).rounded(.towardZero))))
    }
    return (byte(red), byte(green), byte(blue))
  }

  /// The colour with its components truncated to 8 bits, as in a matplotlib image.
  var quantized: RGB {
    let bytes = truncatedBytes
    return RGB(bytes: bytes.red, bytes.green, bytes.blue)
  }

  var isFinite: Bool { red.isFinite && green.isFinite && blue.isFinite }
}
