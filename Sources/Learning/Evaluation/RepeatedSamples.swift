import DataSets

extension DataSet {
  /// Each sample whose features equal an earlier sample's exactly, with the first such sample.
  ///
  /// Equal means equal as `Double`s, feature by feature (`0.0 == -0.0`; a row holding a
  /// NaN equals no row), as a dictionary keyed by the rows would find them. Each row is
  /// hashed on every core, then the rows are entered in order into a table with open
  /// addressing, which compares rows only when their hashes are equal.
  public func repeatedSamples() -> [(sample: Int, earlier: Int)] {
    repeatedSamples(hash: Self.rowHash)
  }

  /// `repeatedSamples` with the rows' hash given (a poor one exercises the comparisons).
  func repeatedSamples(
    hash: @escaping @Sendable (UnsafePointer<Double>, Int) -> UInt64
  ) -> [(sample: Int, earlier: Int)] {
    let count = sampleCount
    let width = featureCount
    guard count > 1 else { return [] }
    return features.withUnsafeBufferPointer { features in
      let rows = Samples(values: features, count: count, dimension: width)
      // Each row's hash; a row with a NaN is marked and left out.
      var hashes = [UInt64](repeating: 0, count: count)
      var comparable = [Bool](repeating: true, count: count)
      hashes.withUnsafeMutableBufferPointer { hashes in
        comparable.withUnsafeMutableBufferPointer { comparable in
          let hashOut = SharedBuffer(hashes)
          let flagOut = SharedBuffer(comparable)
          let partSize = 8192
          forEachPart((count + partSize - 1) / partSize) { part in
            for sample in (part * partSize)..<min(count, part * partSize + partSize) {
              let row = rows.row(sample)
              var hasNaN = false
              for feature in 0..<width where row[feature].isNaN { hasNaN = true }
              flagOut.base[sample] = !hasNaN
              hashOut.base[sample] = hasNaN ? 0 : hash(row, width)
            }
          }
        }
      }
      var capacity = 16
      while capacity < 2 * count { capacity *= 2 }
      let mask = capacity - 1
      var table = [Int](repeating: -1, count: capacity)
      var repeats: [(sample: Int, earlier: Int)] = []
      for sample in 0..<count where comparable[sample] {
        let row = rows.row(sample)
        var slot = Int(truncatingIfNeeded: hashes[sample]) & mask
        while true {
          let other = table[slot]
          if other < 0 {
            table[slot] = sample
            break
          }
          if hashes[other] == hashes[sample], Self.equalRows(row, rows.row(other), width) {
            repeats.append((sample, other))
            break
          }
          slot = (slot + 1) & mask
        }
      }
      return repeats
    }
  }

  /// A hash of a row's values that equal rows share: `-0.0` is hashed as `0.0`.
  @Sendable
  static func rowHash(_ row: UnsafePointer<Double>, _ width: Int) -> UInt64 {
    var hash: UInt64 = 0x243F_6A88_85A3_08D3
    for feature in 0..<width {
      hash = (hash ^ (row[feature] + 0.0).bitPattern) &* 0x9E37_79B9_7F4A_7C15
      hash ^= hash >> 29
    }
    hash ^= hash >> 32
    hash &*= 0xD6E8_FEB8_6659_FD93
    return hash ^ (hash >> 32)
  }

  /// Whether two rows are equal feature by feature, as `Double`s.
  @inline(__always)
  static func equalRows(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ width: Int)
    -> Bool
  {
    for feature in 0..<width where a[feature] != b[feature] { return false }
    return true
  }
}

/// The warning about repeated samples, naming them by their row in the data file's order.
///
/// `sourceIndices[sample]` is the sample's row in the data set before shuffling;
/// at most five pairs are named.
func repeatedSamplesWarning(_ repeats: [(sample: Int, earlier: Int)], sourceIndices: [Int])
  -> String?
{
  guard !repeats.isEmpty else { return nil }
  let named = repeats.prefix(5).map {
    "row \(sourceIndices[$0.sample]) = row \(sourceIndices[$0.earlier])"
  }
  let more = repeats.count > 5 ? " and \(repeats.count - 5) more" : ""
  let subject = repeats.count == 1 ? "1 sample repeats" : "\(repeats.count) samples repeat"
  return "\(subject) an earlier sample's features exactly (rows of the data, from 0): "
    + named.joined(separator: ", ") + more
}
