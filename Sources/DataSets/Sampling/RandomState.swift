import Foundation

/// NumPy's legacy `np.random.RandomState`, reproduced bit for bit.
///
/// A Mersenne Twister (MT19937, Matsumoto and Nishimura, 1998) seeded with
/// `init_genrand`, as NumPy seeds it from a scalar. Every draw uses the same
/// reduction NumPy uses, so a seed gives the same shuffle, permutation and
/// samples as Python does, which is what lets each run be checked against
/// scikit-learn.
public struct RandomState: Sendable {
  private static let stateSize = 624
  private static let shift = 397
  private var key: [UInt32]
  private var position: Int
  private var cachedGaussian: Double?

  /// A generator seeded like `np.random.RandomState(seed)`.
  public init(seed: UInt32) {
    var key = [UInt32](repeating: 0, count: Self.stateSize)
    key[0] = seed
    for index in 1..<Self.stateSize {
      let previous = key[index - 1]
      key[index] = 1_812_433_253 &* (previous ^ (previous >> 30)) &+ UInt32(index)
    }
    self.key = key
    position = Self.stateSize
  }

  /// The next tempered 32-bit output of the twister.
  public mutating func nextUInt32() -> UInt32 {
    if position == Self.stateSize { regenerate() }
    var value = key[position]
    position += 1
    value ^= value >> 11
    value ^= (value << 7) & 0x9d2c_5680
    value ^= (value << 15) & 0xefc6_0000
    value ^= value >> 18
    return value
  }

  /// A 64-bit output made of two 32-bit ones, high word first (NumPy's `next_uint64`).
  public mutating func nextUInt64() -> UInt64 {
    let high = UInt64(nextUInt32())
    return (high << 32) | UInt64(nextUInt32())
  }

  /// A double in [0, 1) with 53 random bits (`random_sample`).
  public mutating func randomSample() -> Double {
    let high = Double(nextUInt32() >> 5)
    let low = Double(nextUInt32() >> 6)
    return (high * 67_108_864.0 + low) / 9_007_199_254_740_992.0
  }

  /// A uniform integer in 0...max by masked rejection (`random_interval`).
  public mutating func interval(_ max: UInt64) -> UInt64 {
    if max == 0 { return 0 }
    var mask = max
    mask |= mask >> 1
    mask |= mask >> 2
    mask |= mask >> 4
    mask |= mask >> 8
    mask |= mask >> 16
    mask |= mask >> 32
    if max <= UInt64(UInt32.max) {
      while true {
        let value = UInt64(nextUInt32()) & mask
        if value <= max { return value }
      }
    }
    while true {
      let value = nextUInt64() & mask
      if value <= max { return value }
    }
  }

  /// Shuffles in place as `RandomState.shuffle` does: Fisher-Yates from the end.
  public mutating func shuffle<Element>(_ elements: inout [Element]) {
    guard elements.count > 1 else { return }
    for index in stride(from: elements.count - 1, through: 1, by: -1) {
      let other = Int(interval(UInt64(index)))
      elements.swapAt(index, other)
    }
  }

  /// `0..<count` in a random order (`permutation(count)`).
  public mutating func permutation(_ count: Int) -> [Int] {
    var indices = Array(0..<count)
    shuffle(&indices)
    return indices
  }

  /// A standard normal draw by the polar method, as the legacy `standard_normal` does.
  ///
  /// Draws come in pairs; the second of each pair is kept for the next call.
  public mutating func standardNormal() -> Double {
    if let cached = cachedGaussian {
      cachedGaussian = nil
      return cached
    }
    var x1 = 0.0
    var x2 = 0.0
    var radiusSquared = 0.0
    repeat {
      x1 = 2 * randomSample() - 1
      x2 = 2 * randomSample() - 1
      radiusSquared = x1 * x1 + x2 * x2
    } while radiusSquared >= 1 || radiusSquared == 0
    let factor = (-2 * log(radiusSquared) / radiusSquared).squareRoot()
    cachedGaussian = factor * x1
    return factor * x2
  }

  private mutating func regenerate() {
    let upperMask: UInt32 = 0x8000_0000
    let lowerMask: UInt32 = 0x7fff_ffff
    let n = Self.stateSize
    let m = Self.shift
    for index in 0..<n {
      let mixed = (key[index] & upperMask) | (key[(index + 1) % n] & lowerMask)
      var next = key[(index + m) % n] ^ (mixed >> 1)
      if mixed & 1 != 0 { next ^= 0x9908_b0df }
      key[index] = next
    }
    position = 0
  }
}
