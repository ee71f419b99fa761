/// A colour map of 256 entries, looked up as matplotlib's `Colormap.__call__` does.
struct Colormap: Sendable {
  let name: String
  let entries: [RGB]

  /// The entry for a normalised value `x`.
  ///
  /// matplotlib multiplies a float by N (= 256), maps exactly 1.0 to N - 1, truncates to
  /// an integer and clips to the table ("under" and "over" are the end colours for the
  /// maps used here): `index = min(max(Int(x * 256), 0), 255)`.
  func callAsFunction(_ x: Double) -> RGB {
    entries[Self.index(x, count: entries.count)]
  }

  /// The table index for a normalised value `x`; see `callAsFunction(_:)`.
  static func index(_ x: Double, count: Int) -> Int {
    guard x.isFinite else { return x > 0 ? count - 1 : 0 }
    let scaled = x * Double(count)
    if scaled >= Double(count) { return count - 1 }
    if scaled < 0 { return 0 }
    return Int(scaled)
  }

  /// viridis from matplotlib's `_cm_listed.py`.
  static let viridis: Colormap = {
    var entries: [RGB] = []
    entries.reserveCapacity(256)
    for row in 0..<256 {
      entries.append(
        RGB(
          viridisComponents[3 * row], viridisComponents[3 * row + 1],
          viridisComponents[3 * row + 2]))
    }
    return Colormap(name: "viridis", entries: entries)
  }()

  /// gray_r: white at 0 to black at 1, linear in 256 steps (matplotlib's `gray` reversed,
  /// whose segment data is the straight line from black to white).
  static let grayReversed: Colormap = {
    let entries = (0..<256).map { index -> RGB in
      let level = 1 - Double(index) / 255
      return RGB(level, level, level)
    }
    return Colormap(name: "gray_r", entries: entries)
  }()

  /// matplotlib's default colour cycle, "tab10" (the Tableau 10 palette).
  static let tab10: [RGB] = [
    RGB(bytes: 0x1f, 0x77, 0xb4), RGB(bytes: 0xff, 0x7f, 0x0e), RGB(bytes: 0x2c, 0xa0, 0x2c),
    RGB(bytes: 0xd6, 0x27, 0x28), RGB(bytes: 0x94, 0x67, 0xbd), RGB(bytes: 0x8c, 0x56, 0x4b),
    RGB(bytes: 0xe3, 0x77, 0xc2), RGB(bytes: 0x7f, 0x7f, 0x7f), RGB(bytes: 0xbc, 0xbd, 0x22),
    RGB(bytes: 0x17, 0xbe, 0xcf),
  ]
}

/// matplotlib's `Normalize` for an automatically scaled image: `(v - vmin) / (vmax - vmin)`,
/// with every value mapped to 0 when `vmin == vmax` (what `Normalize.__call__` does).
struct LinearNormalization: Sendable, Equatable {
  var vmin: Double
  var vmax: Double

  func callAsFunction(_ value: Double) -> Double {
    guard vmax != vmin else { return 0 }
    return (value - vmin) / (vmax - vmin)
  }

  /// The limits of `values`; `nil` when there is no value.
  init?(containing values: some Sequence<Double>) {
    var low = Double.infinity
    var high = -Double.infinity
    for value in values {
      low = min(low, value)
      high = max(high, value)
    }
    guard low <= high else { return nil }
    vmin = low
    vmax = high
  }

  init(vmin: Double, vmax: Double) {
    self.vmin = vmin
    self.vmax = vmax
  }

  /// The limits widened as matplotlib's colorbar widens a degenerate range.
  ///
  /// This is `transforms.nonsingular(vmin, vmax, expander=0.1)`: a single value `v` becomes
  /// `v -/+ 0.1 |v|`, and zero becomes -0.1...0.1. A colorbar applies this to the
  /// image's own norm, which is why a constant confusion matrix is drawn in mid-viridis.
  func nonsingular(expander: Double = 0.1, tiny: Double = 1e-15) -> LinearNormalization {
    guard vmin.isFinite, vmax.isFinite else {
      return LinearNormalization(vmin: -expander, vmax: expander)
    }
    let largest = max(abs(vmin), abs(vmax))
    if largest < 1e6 / tiny * Double.leastNormalMagnitude {
      return LinearNormalization(vmin: -expander, vmax: expander)
    }
    if vmax - vmin <= largest * tiny {
      if vmin == 0 && vmax == 0 {
        return LinearNormalization(vmin: -expander, vmax: expander)
      }
      return LinearNormalization(
        vmin: vmin - expander * abs(vmin), vmax: vmax + expander * abs(vmax))
    }
    return self
  }
}
