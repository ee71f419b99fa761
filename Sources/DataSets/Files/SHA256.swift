import DataKernels

/// SHA-256 (FIPS 180-4), enough to fingerprint an input file in a report.
///
/// The message is processed in 64-byte blocks by the C compression function
/// (`dk_sha256_blocks`: the x86 SHA extensions where the processor has them, some six
/// times faster than portable code, else portable C; both give the same state), then
/// padded here with `0x80`, zeros and the 64-bit big-endian bit length.
public enum SHA256 {
  /// How the blocks are compressed.
  enum Variant: Int {
    /// Portable C, for any processor.
    case portable = 0
    /// The x86 SHA extensions (SHA-NI).
    case extensions = 1

    /// The fastest variant this processor runs.
    static let best = Variant(rawValue: Int(dk_sha256_best_variant())) ?? .portable
  }

  /// The 32-byte digest of `bytes`.
  public static func digest(_ bytes: [UInt8]) -> [UInt8] {
    bytes.withUnsafeBufferPointer { digest($0) }
  }

  /// The 32-byte digest of the bytes in `bytes` (a mapped file, for one).
  ///
  /// `consumed`, when given, is told every 8 MB how many bytes have been hashed.
  public static func digest(
    _ bytes: UnsafeBufferPointer<UInt8>, consumed: ((Int) -> Void)? = nil
  ) -> [UInt8] {
    digest(bytes, variant: .best, consumed: consumed)
  }

  /// The digest computed by `variant` (which falls back to portable C where the processor
  /// lacks it).
  static func digest(
    _ bytes: UnsafeBufferPointer<UInt8>, variant: Variant, consumed: ((Int) -> Void)? = nil
  ) -> [UInt8] {
    var state: [UInt32] = [
      0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab,
      0x5be0_cd19,
    ]
    let fullBlocks = bytes.count / 64
    var tail = [UInt8](bytes[(fullBlocks * 64)...])
    tail.append(0x80)
    while tail.count % 64 != 56 { tail.append(0) }
    let bitCount = UInt64(truncatingIfNeeded: bytes.count) &* 8
    for shift in stride(from: 56, through: 0, by: -8) {
      tail.append(UInt8(truncatingIfNeeded: bitCount >> UInt64(shift)))
    }

    let chosen = variant.rawValue
    // 8 MB at a time between the calls to `consumed`.
    let step = 1 << 17
    state.withUnsafeMutableBufferPointer { state in
      let words = state.baseAddress.unsafelyUnwrapped
      var block = 0
      while block < fullBlocks {
        let count = min(step, fullBlocks - block)
        dk_sha256_blocks(words, bytes.baseAddress.unsafelyUnwrapped + block * 64, count, chosen)
        block += count
        if let consumed, count == step { consumed(block * 64) }
      }
      tail.withUnsafeBufferPointer { padding in
        dk_sha256_blocks(words, padding.baseAddress.unsafelyUnwrapped, padding.count / 64, chosen)
      }
    }

    var digest: [UInt8] = []
    digest.reserveCapacity(32)
    for word in state {
      for shift in [24, 16, 8, 0] as [UInt32] {
        digest.append(UInt8(truncatingIfNeeded: word >> shift))
      }
    }
    return digest
  }

  /// The digest of `bytes` as 64 lowercase hexadecimal digits.
  public static func hex(_ bytes: [UInt8]) -> String {
    bytes.withUnsafeBufferPointer { hex($0) }
  }

  /// The digest of the bytes in `bytes` as 64 lowercase hexadecimal digits.
  public static func hex(
    _ bytes: UnsafeBufferPointer<UInt8>, consumed: ((Int) -> Void)? = nil
  ) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    text.reserveCapacity(64)
    for byte in digest(bytes, consumed: consumed) {
      text.append(digits[Int(byte >> 4)])
      text.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: text, as: UTF8.self)
  }
}
