import Foundation

/// Samples whose feature rows are identical, bit for bit, gathered into groups.
///
/// Two samples of one group are at the same distance from every sample (the
/// distance is computed from the same bits), so they share one list of
/// neighbours, and as candidates they differ only by their indices. The
/// neighbour search runs over one row per group and, when it offers a group,
/// offers its members in ascending index order, stopping at the first one a
/// list rejects: the lists are exactly those of the search over every sample,
/// without scanning every equal point.
struct DuplicateRows {
  /// The first sample of every group, ascending: the group's row.
  let representatives: [Int]
  /// The members of group `g` are `members[memberStart[g] ..< memberStart[g + 1]]`, ascending.
  let memberStart: [Int]
  let members: [Int]

  var groupCount: Int { representatives.count }

  /// Groups the samples; nil when every row is distinct (the search then runs as it is).
  ///
  /// Each row's bytes are hashed on every core; then the rows are entered in
  /// sample order into a table with open addressing, which compares rows
  /// (`memcmp`) only when their hashes are equal, so groups are numbered by
  /// their first sample as a pass in sample order numbers them.
  static func find(_ samples: Samples) -> DuplicateRows? {
    find(samples, hash: rowHash)
  }

  /// `find` with the rows' hash given (a poor one exercises the comparisons).
  static func find(
    _ samples: Samples, hash: @escaping @Sendable (UnsafePointer<Double>, Int) -> UInt64
  ) -> DuplicateRows? {
    let n = samples.count
    let d = samples.dimension
    let rowBytes = d * MemoryLayout<Double>.stride
    let hashes = [UInt64](unsafeUninitializedCapacity: n) { buffer, initialized in
      let output = SharedBuffer(buffer)
      let partSize = 8_192
      forEachPart((n + partSize - 1) / partSize) { part in
        for sample in (part * partSize)..<min(n, part * partSize + partSize) {
          output[sample] = hash(samples.row(sample), d)
        }
      }
      initialized = n
    }
    var capacity = 16
    while capacity < 2 * n { capacity *= 2 }
    let mask = capacity - 1
    // Per slot, the group whose first row hashed there (-1: empty).
    var table = [Int](repeating: -1, count: capacity)
    var groupOf = [Int](repeating: 0, count: n)
    var representatives: [Int] = []
    for sample in 0..<n {
      let row = samples.row(sample)
      var slot = Int(truncatingIfNeeded: hashes[sample]) & mask
      while true {
        let group = table[slot]
        if group < 0 {
          table[slot] = representatives.count
          groupOf[sample] = representatives.count
          representatives.append(sample)
          break
        }
        let first = representatives[group]
        if hashes[first] == hashes[sample], memcmp(samples.row(first), row, rowBytes) == 0 {
          groupOf[sample] = group
          break
        }
        slot = (slot + 1) & mask
      }
    }
    if representatives.count == n { return nil }
    // Members by group, each group's in ascending order (a counting sort is stable).
    var memberStart = [Int](repeating: 0, count: representatives.count + 1)
    for group in groupOf { memberStart[group + 1] += 1 }
    for group in 0..<representatives.count { memberStart[group + 1] += memberStart[group] }
    var fill = memberStart
    var members = [Int](repeating: 0, count: n)
    for sample in 0..<n {
      members[fill[groupOf[sample]]] = sample
      fill[groupOf[sample]] += 1
    }
    return DuplicateRows(
      representatives: representatives, memberStart: memberStart, members: members)
  }

  /// A hash of a row's bytes (rows equal bit for bit share it).
  @Sendable
  static func rowHash(_ row: UnsafePointer<Double>, _ width: Int) -> UInt64 {
    var hash: UInt64 = 0x243F_6A88_85A3_08D3
    for feature in 0..<width {
      hash = (hash ^ row[feature].bitPattern) &* 0x9E37_79B9_7F4A_7C15
      hash ^= hash >> 29
    }
    hash ^= hash >> 32
    hash &*= 0xD6E8_FEB8_6659_FD93
    return hash ^ (hash >> 32)
  }

  /// One row per group, in group order, for a search over the groups.
  func rows(of samples: Samples) -> [Double] {
    let d = samples.dimension
    var values = [Double](repeating: 0, count: groupCount * d)
    values.withUnsafeMutableBufferPointer { buffer in
      for (group, sample) in representatives.enumerated() {
        (buffer.baseAddress.unsafelyUnwrapped + group * d).update(
          from: samples.row(sample), count: d)
      }
    }
    return values
  }
}
