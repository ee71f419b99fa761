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
  static func find(_ samples: Samples) -> DuplicateRows? {
    let n = samples.count
    let d = samples.dimension
    let rowBytes = d * MemoryLayout<Double>.stride
    var groupOf = [Int](repeating: 0, count: n)
    var representatives: [Int] = []
    // Per hash, the first group with it; further groups with the same hash are chained.
    var firstWithHash: [Int: Int] = [:]
    var nextWithHash: [Int] = []
    for sample in 0..<n {
      let row = samples.row(sample)
      var hasher = Hasher()
      hasher.combine(bytes: UnsafeRawBufferPointer(start: row, count: rowBytes))
      let hash = hasher.finalize()
      var group = firstWithHash[hash] ?? -1
      while group >= 0, memcmp(samples.row(representatives[group]), row, rowBytes) != 0 {
        group = nextWithHash[group]
      }
      if group < 0 {
        group = representatives.count
        representatives.append(sample)
        nextWithHash.append(firstWithHash[hash] ?? -1)
        firstWithHash[hash] = group
      }
      groupOf[sample] = group
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
