import Foundation

/// `weightScale * exp(x)` for two exponents at once, for the RBF kernel (`x <= 0`).
///
/// The method is the usual table-driven one: `x = k ln2 / 128 + r` with
/// `|r| <= ln2 / 256`, `exp(x) = 2^(k / 128) exp(r)`, where `2^(j / 128)` comes
/// from a table as a double plus a relative tail and `exp(r) - 1` from its
/// Taylor polynomial of degree 5 (truncation error below 1e-18 relative).
/// The result is within about 0.51 ulp of `exp(x)`, and the power-of-two
/// weight scale is folded into the exponent bits, so it adds no rounding.
///
/// Where `exp(x)` is subnormal (`x` below about -708.4) the result is then
/// rounded to the subnormal grid, as the unscaled `exp` would have been, which
/// also gives exactly 0 below about -745.13. No branch depends on the data.
enum ScaledExponential {
  /// `2^(j/128)` as `(bits of the relative tail, bits of the double minus j << 45)`.
  ///
  /// Built once in double-double arithmetic: `2^(1/128)` by seven square roots
  /// of 2, then its powers; the tail is the part of `2^(j/128)` the double misses.
  /// The storage is never freed, so workers can share the pointer freely.
  static let table: SharedBuffer<UInt64> = {
    let entries = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: 256)
    var root = DoubleDouble(2)
    for _ in 0..<7 { root = root.squareRoot() }
    var power = DoubleDouble(1)
    for index in 0..<128 {
      // The pair is normalised, so `head` is 2^(j/128) rounded and `tail` the rest.
      let tail = power.tail / power.head
      entries[2 * index] = tail.bitPattern
      entries[2 * index + 1] = power.head.bitPattern &- (UInt64(index) << 45)
      power = power * root
    }
    return SharedBuffer(entries)
  }()

  /// ln 2 as the sum of two doubles.
  private static let ln2High = 0x1.62e42fefa39efp-1
  private static let ln2Low = 0x1.abc9e3b39803fp-56
  private static let inverseStep = 128 / ln2High
  /// ln2 / 128 cut to 32 significant bits, so that `k * stepHigh` is exact for `|k| < 2^21`.
  private static let stepHigh = Double(
    bitPattern: (ln2High / 128).bitPattern & ~((1 << 21) - 1))
  /// The rest of ln2 / 128.
  private static let stepLow = (ln2High / 128 - stepHigh) + ln2Low / 128
  private static let roundingShift = 0x1.8p52
  /// Below this `exp` is 0 whatever the rounding (the boundary is about -745.13).
  private static let lowestExponent = -746.0
  /// `weightScale` times the smallest normal double: scaled results below it are subnormal.
  private static let subnormalBound = 0x1p-510

  /// `2^512 exp(x)` per lane, for `x <= 0` (or -infinity).
  @inline(__always)
  static func scaled(_ x: SIMD2<Double>, table: UnsafePointer<UInt64>) -> SIMD2<Double> {
    let clamped = x.replacing(with: lowestExponent, where: x .< lowestExponent)
    let shifted = clamped * inverseStep + roundingShift
    let bits = unsafeBitCast(shifted, to: SIMD2<UInt64>.self)
    let k = shifted - roundingShift
    // k * stepHigh is exact and close to x, so the first difference is exact too.
    let r = (clamped - k * stepHigh) - k * stepLow
    let index0 = Int(truncatingIfNeeded: bits[0] & 127) &* 2
    let index1 = Int(truncatingIfNeeded: bits[1] & 127) &* 2
    let tail = unsafeBitCast(SIMD2(table[index0], table[index1]), to: SIMD2<Double>.self)
    // 512 << 52 multiplies by the weight scale 2^512.
    let scaleBits =
      SIMD2(table[index0 + 1], table[index1 + 1]) &+ (bits &<< 45) &+ (512 << 52)
    let scale = unsafeBitCast(scaleBits, to: SIMD2<Double>.self)
    // exp(r) - 1 = r + r² (1/2 + r (1/6 + r (1/24 + r/120))), to within 1e-18 relative.
    let c5 = SIMD2<Double>(repeating: 1.0 / 120)
    let c4 = SIMD2<Double>(repeating: 1.0 / 24)
    let c3 = SIMD2<Double>(repeating: 1.0 / 6)
    let c2 = SIMD2<Double>(repeating: 0.5)
    var series = r * c5 + c4
    series = series * r + c3
    series = series * r + c2
    series = series * (r * r)
    let excess = (tail + r) + series
    let product = scale * excess
    let value = scale + product
    // Below 2^-510 (2^-1022 unscaled) the result must land on the subnormal
    // grid, 2^-562 apart (2^-1074 unscaled). Adding 2^-510 rounds to that
    // grid; to round once only, the rounding error of `value` is carried
    // along and added back before, the way the C library's exp does it.
    let error = (scale - value) + product
    let sum = subnormalBound + value
    let sumError = ((subnormalBound - sum) + value) + error
    let subnormal = (sum + sumError) - subnormalBound
    return value.replacing(with: subnormal, where: value .< subnormalBound)
  }
}

/// An unevaluated sum `head + tail` with `|tail| <= ulp(head) / 2`, for building tables.
struct DoubleDouble {
  var head: Double
  var tail: Double

  init(_ value: Double) {
    head = value
    tail = 0
  }

  init(head: Double, tail: Double) {
    let sum = head + tail
    self.tail = tail - (sum - head)
    self.head = sum
  }

  static func * (left: DoubleDouble, right: DoubleDouble) -> DoubleDouble {
    let product = left.head * right.head
    let error = (-product).addingProduct(left.head, right.head)
    let cross = left.head * right.tail + left.tail * right.head
    return DoubleDouble(head: product, tail: error + cross)
  }

  func squareRoot() -> DoubleDouble {
    let root = head.squareRoot()
    // head + tail - root², with root² taken exactly by a fused multiply-add.
    let remainder = head.addingProduct(-root, root) + tail
    return DoubleDouble(head: root, tail: remainder / (2 * root))
  }
}
