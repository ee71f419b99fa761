import Foundation
import LearningKernels

#if canImport(Glibc)
import Glibc
#endif

/// Row ranges of the strict upper triangle of `count` samples, in parts of similar area.
///
/// Every part but the last starts and ends on a multiple of 8, a whole number
/// of row blocks of the kernel (8 rows) and of the product (4 rows). The
/// number of parts depends on `count` alone, never on the machine: sums that
/// are formed per part and then added in part order come out the same
/// everywhere, whichever core ran a part.
func triangleParts(count: Int) -> [Range<Int>] {
  let pairs = count * max(count - 1, 0) / 2
  let wanted = max(1, min(32, pairs / 7_000))
  var parts: [Range<Int>] = []
  var start = 0
  for range in balancedTriangleRows(count: count, parts: wanted) {
    let end = range.upperBound == count ? count : range.upperBound / 8 * 8
    if end > start {
      parts.append(start..<end)
      start = end
    }
  }
  return parts.isEmpty ? [0..<count] : parts
}

/// Where each part's private slice of a per-sample buffer starts.
///
/// A part only ever touches samples from its first row on (its own rows, and
/// the columns to their right), so its slice covers `start..<count`.
struct PartSlices {
  let parts: [Range<Int>]
  let offsets: [Int]
  let total: Int

  init(parts: [Range<Int>], count: Int) {
    self.parts = parts
    var offsets: [Int] = []
    var total = 0
    for part in parts {
      offsets.append(total)
      total += count - part.lowerBound
    }
    self.offsets = offsets
    self.total = total
  }
}

/// Heap memory that lives as long as this object, for workers to share by pointer.
final class Scratch<Element>: @unchecked Sendable {
  let buffer: UnsafeMutableBufferPointer<Element>

  init(count: Int, repeating value: Element) {
    buffer = .allocate(capacity: max(count, 1))
    buffer.initialize(repeating: value)
  }

  /// Room for `count` plain values, left for the caller to write before any is read.
  init(uninitializedCount count: Int) where Element: BitwiseCopyable {
    buffer = .allocate(capacity: max(count, 1))
  }

  init(copying values: [Element]) {
    buffer = .allocate(capacity: max(values.count, 1))
    _ = buffer.initialize(from: values)
  }

  deinit { buffer.deallocate() }

  var shared: SharedBuffer<Element> { SharedBuffer(buffer) }

  /// The first element.
  var base: UnsafeMutablePointer<Element> { buffer.baseAddress.unsafelyUnwrapped }
}

/// Asks the kernel to back a large buffer with 2 MB pages, before it is first touched.
///
/// The packed graph is written once, right after it is allocated: with 4 kB
/// pages that is a page fault every 512 values, and on a virtual machine a
/// fault can cost several microseconds (1.6 GB, at 20,000 samples, took about
/// two seconds of faults where 2 MB pages take a tenth of it). Only a hint;
/// nothing changes if it is refused.
func adviseHugePages(_ buffer: UnsafeMutableRawBufferPointer) {
  #if canImport(Glibc)
  guard let base = buffer.baseAddress, buffer.count >= 4 << 20 else { return }
  let page = 2 << 20
  let start = (Int(bitPattern: base) + page - 1) / page * page
  let end = (Int(bitPattern: base) + buffer.count) / page * page
  guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
  _ = madvise(aligned, end - start, MADV_HUGEPAGE)
  #endif
}

/// The RBF affinities of all pairs, with the degrees and nearest distances found on the way.
struct RBFAffinity {
  var graph: PackedSymmetricGraph
  /// `weightScale` times `sum_{j != i} W_ij`, per sample.
  var scaledDegree: [Double]
  /// `min_{j != i} ||x_i - x_j||²` per sample (infinity for a single sample).
  var nearestSquaredDistance: [Double]
  /// The same, over the labeled samples `j` only (infinity when there are none).
  var nearestLabeledSquaredDistance: [Double]
  /// Which labeled sample that is (-1 when there is none).
  var nearestLabeled: [Int]

  /// Computes `weightScale * exp(-gamma ||x_i - x_j||²)` for every pair `i < j`.
  ///
  /// The triangle is walked in tiles of `AffinityWalk.tileColumns` columns,
  /// and within a tile in blocks of 8 rows: first the dot products of the
  /// block with every column of the tile (8 rows against 4 columns at a time,
  /// kept in registers while the features stream through), then, row by row,
  /// the distances, their exponentials, and the sums. Distances keep
  /// scikit-learn's expanded form `(-2 x·y + ||x||²) + ||y||²`, clipped at 0.
  ///
  /// Without `storing`, each tile's weights go to a small buffer of the part
  /// and are forgotten: the degrees and nearest distances come out the same,
  /// bit for bit, and `graph.upper` is empty (the streamed graph's first pass).
  static func compute(
    _ samples: Samples, gamma: Double, labeled: [Bool], storing: Bool = true,
    progress: (@Sendable (FitProgress) -> Void)?
  ) throws(LearningError) -> RBFAffinity {
    let n = samples.count
    let dimension = samples.dimension
    let norms = try squaredNorms(samples)
    // Samples in quads, feature-major within a quad (see `lk_block_dots`),
    // padded with zeros to a whole block of 8 rows.
    let quadCount = (n + 7) / 8 * 2
    let panels = Scratch<Double>(uninitializedCount: quadCount * dimension * 4)
    lk_pack_quads(samples.values.baseAddress, n, dimension, quadCount, panels.base)
    let pairCount = (n + 1) / 2
    let paddedNorms = Scratch<Double>(count: pairCount * 2, repeating: 0)
    // 0 for a labeled sample, infinity otherwise: added to a distance, it keeps labeled ones.
    let penalty = Scratch<Double>(count: pairCount * 2, repeating: .infinity)
    for sample in 0..<n {
      paddedNorms.buffer[sample] = norms[sample]
      if labeled[sample] { penalty.buffer[sample] = 0 }
    }
    let nextLabeled = Scratch<Int>(count: n + 1, repeating: n)
    for sample in stride(from: n - 1, through: 0, by: -1) {
      nextLabeled.buffer[sample] = labeled[sample] ? sample : nextLabeled.buffer[sample + 1]
    }
    let slices = PartSlices(parts: triangleParts(count: n), count: n)
    // Per part: its contributions to the degree and nearest distances of start..<n.
    let partDegree = Scratch<Double>(count: slices.total, repeating: 0)
    let partNearest = Scratch<Double>(count: slices.total, repeating: .infinity)
    let partNearestLabeled = Scratch<Double>(count: slices.total, repeating: .infinity)
    let partLabeledIndex = Scratch<Int>(count: slices.total, repeating: -1)
    let total = storing ? n * max(n - 1, 0) / 2 : 0
    let rowsDone = ProgressCounter()
    // Every entry is written exactly once, so the memory is left uninitialised.
    let upper = [Double](unsafeUninitializedCapacity: total) { upperBuffer, initialized in
      adviseHugePages(UnsafeMutableRawBufferPointer(upperBuffer))
      let walk = AffinityWalk(
        count: n, dimension: dimension, negativeGamma: -gamma, upper: SharedBuffer(upperBuffer),
        panels: panels.shared, norms: paddedNorms.shared, penalty: penalty.shared,
        nextLabeled: nextLabeled.shared, table: ScaledExponential.table)
      let degree = partDegree.shared
      let nearest = partNearest.shared
      let nearestLabeled = partNearestLabeled.shared
      let labeledIndex = partLabeledIndex.shared
      forEachPart(slices.parts.count) { part in
        let rows = slices.parts[part]
        let offset = slices.offsets[part] - rows.lowerBound
        let sums = AffinitySums(
          degree: degree.base + offset, nearest: nearest.base + offset,
          nearestLabeled: nearestLabeled.base + offset, labeledIndex: labeledIndex.base + offset)
        // Written by `lk_block_dots` before any of it is read.
        let dots = Scratch<Double>(uninitializedCount: 8 * AffinityWalk.tileColumns)
        // Without `storing`, the weights of a block's rows in one tile.
        let tileWeights =
          storing ? nil : Scratch<Double>(uninitializedCount: 8 * AffinityWalk.tileColumns)
        // Tiles of columns outermost: a tile's features stay in the level-2
        // cache while every block of the part goes over them.
        var tileStart = rows.lowerBound
        while tileStart < n {
          let tileEnd = min(n, tileStart + AffinityWalk.tileColumns)
          var first = rows.lowerBound
          while first < rows.upperBound, first < tileEnd {
            walk.block(
              rows: first..<min(first + 8, rows.upperBound),
              columns: max(tileStart, first)..<tileEnd,
              dots: dots.buffer.baseAddress!, sums: sums, tileWeights: tileWeights?.base)
            first += 8
          }
          tileStart = tileEnd
        }
        if let progress { progress(.graphRows(done: rowsDone.add(rows.count), total: n)) }
      }
      initialized = total
    }
    var scaledDegree = [Double](repeating: 0, count: n)
    var nearestSquaredDistance = [Double](repeating: .infinity, count: n)
    var nearestLabeledSquaredDistance = [Double](repeating: .infinity, count: n)
    var nearestLabeled = [Int](repeating: -1, count: n)
    for (part, rows) in slices.parts.enumerated() {
      let base = slices.offsets[part] - rows.lowerBound
      for sample in rows.lowerBound..<n {
        scaledDegree[sample] += partDegree.buffer[base + sample]
        nearestSquaredDistance[sample] = min(
          nearestSquaredDistance[sample], partNearest.buffer[base + sample])
        if partNearestLabeled.buffer[base + sample] < nearestLabeledSquaredDistance[sample] {
          nearestLabeledSquaredDistance[sample] = partNearestLabeled.buffer[base + sample]
          nearestLabeled[sample] = partLabeledIndex.buffer[base + sample]
        }
      }
    }
    return RBFAffinity(
      graph: PackedSymmetricGraph(sampleCount: n, upper: upper),
      scaledDegree: scaledDegree, nearestSquaredDistance: nearestSquaredDistance,
      nearestLabeledSquaredDistance: nearestLabeledSquaredDistance, nearestLabeled: nearestLabeled)
  }
}

extension RBFAffinity {
  /// Per row, the coefficient the kept entries of `SignificantEntries` are measured against.
  ///
  /// The coefficient `weight * inputScale` of the row's nearest labeled
  /// sample, when its weight is not 0: that sample always holds mass, so the
  /// row's result is at least this coefficient times it. Otherwise the row's
  /// largest weight times its own input scale, a guess that the check of each
  /// product makes safe.
  func referenceCoefficients(gamma: Double, inputScale: [Double]) -> [Double] {
    let table = ScaledExponential.table.base
    func weight(_ distance: Double) -> Double {
      distance.isFinite
        ? ScaledExponential.scaled(SIMD2(repeating: distance * -gamma), table: table)[0] : 0
    }
    return (0..<nearestSquaredDistance.count).map { row in
      let labeled = nearestLabeled[row]
      let labeledWeight = weight(nearestLabeledSquaredDistance[row])
      if labeled >= 0, labeledWeight > 0 { return labeledWeight * inputScale[labeled] }
      return weight(nearestSquaredDistance[row]) * inputScale[row]
    }
  }
}

/// One part's accumulators of the RBF kernel, indexed by sample.
private struct AffinitySums {
  let degree: UnsafeMutablePointer<Double>
  let nearest: UnsafeMutablePointer<Double>
  let nearestLabeled: UnsafeMutablePointer<Double>
  let labeledIndex: UnsafeMutablePointer<Int>
}

/// What every worker of the RBF kernel reads and writes, by pointer.
private struct AffinityWalk: @unchecked Sendable {
  /// Columns per tile: 256 columns of 64 features are 128 kB, well inside level 2.
  static let tileColumns = 256

  let count: Int
  let dimension: Int
  let negativeGamma: Double
  let upper: SharedBuffer<Double>
  /// Sample quads, `panels[quad][feature][lane]`.
  let panels: SharedBuffer<Double>
  let norms: SharedBuffer<Double>
  /// 0 for labeled samples, infinity for the others (and for padding).
  let penalty: SharedBuffer<Double>
  /// The first labeled sample at or after each sample (`count` when none).
  let nextLabeled: SharedBuffer<Int>
  let table: SharedBuffer<UInt64>

  /// Row `row` of the packed triangle, indexed by column (valid for columns after `row`).
  @inline(__always)
  func packedRow(_ row: Int) -> UnsafeMutablePointer<Double> {
    upper.base + PackedSymmetricGraph.rowOffset(row, count: count) - row - 1
  }

  /// The weights of `rows` (at most 8, starting on a multiple of 8) with the
  /// columns of `columns` after them; `columns` starts on a multiple of 4.
  ///
  /// `sums` are the part's accumulators. The weights go to the packed
  /// triangle, or with `tileWeights`, to its row `row - rows.lowerBound` of
  /// `tileColumns` values from the tile's first column.
  func block(
    rows: Range<Int>, columns: Range<Int>, dots: UnsafeMutablePointer<Double>, sums: AffinitySums,
    tileWeights: UnsafeMutablePointer<Double>?
  ) {
    let firstQuad = columns.lowerBound / 4
    let endQuad = (columns.upperBound + 3) / 4
    let stride = Self.tileColumns
    lk_block_dots(panels.base, dimension, rows.lowerBound, firstQuad, endQuad, dots, stride)
    for offset in 0..<rows.count {
      let row = rows.lowerBound + offset
      let start = max(columns.lowerBound, row + 1)
      if start < columns.upperBound {
        // Two copies of the loop: only a labeled row updates its columns' nearest labeled.
        let rowDots = dots + offset * stride - firstQuad * 4
        let target =
          tileWeights.map { $0 + offset * stride - columns.lowerBound } ?? packedRow(row)
        if penalty[row] == 0 {
          weights(
            row: row, columns: start..<columns.upperBound, dots: rowDots, sums: sums,
            target: target, rowIsLabeled: true)
        } else {
          weights(
            row: row, columns: start..<columns.upperBound, dots: rowDots, sums: sums,
            target: target, rowIsLabeled: false)
        }
      }
    }
  }

  /// Turns the dot products of `row` with `columns` into weights and stores them.
  ///
  /// `dots[j]` is the product with column `j`, `target[j]` where its weight goes.
  @inline(__always)
  func weights(
    row: Int, columns: Range<Int>, dots: UnsafeMutablePointer<Double>, sums: AffinitySums,
    target: UnsafeMutablePointer<Double>, rowIsLabeled: Bool
  ) {
    // Four columns at a time in C (`lk_row_weights`), the last few here.
    var rowDegree = 0.0
    var rowNearest = Double.infinity
    var column = lk_row_weights(
      dots, norms.base, norms[row], negativeGamma, table.base, row, columns.lowerBound,
      columns.upperBound, target, sums.degree, sums.nearest, sums.nearestLabeled,
      rowIsLabeled ? sums.labeledIndex : nil, &rowDegree, &rowNearest)
    sums.degree[row] += rowDegree
    sums.nearest[row] = min(sums.nearest[row], rowNearest)
    while column < columns.upperBound {
      single(row: row, column: column, dot: dots[column], sums: sums, target: target)
      column += 1
    }
    let end = columns.upperBound
    // The labeled columns, usually few, one by one and with the same arithmetic.
    var labeled = nextLabeled[columns.lowerBound]
    while labeled < end {
      let distance = max((-2 * dots[labeled] + norms[row]) + norms[labeled], 0)
      if distance < sums.nearestLabeled[row] {
        sums.nearestLabeled[row] = distance
        sums.labeledIndex[row] = labeled
      }
      labeled = nextLabeled[labeled + 1]
    }
  }

  /// One pair, the same arithmetic as `lk_row_weights`.
  @inline(never)
  func single(
    row: Int, column: Int, dot: Double, sums: AffinitySums, target: UnsafeMutablePointer<Double>
  ) {
    let distance = max((-2 * dot + norms[row]) + norms[column], 0)
    let weight = ScaledExponential.scaled(
      SIMD2(repeating: distance * negativeGamma), table: table.base)[0]
    target[column] = weight
    sums.degree[row] += weight
    sums.degree[column] += weight
    sums.nearest[row] = min(sums.nearest[row], distance)
    sums.nearest[column] = min(sums.nearest[column], distance)
    // The row side of the nearest labeled sample is left to the caller.
    if penalty[row] == 0, distance < sums.nearestLabeled[column] {
      sums.nearestLabeled[column] = distance
      sums.labeledIndex[column] = row
    }
  }
}
