import Foundation
import LearningKernels

/// Rows of the RBF kernel computed from the features, for the graph that is never stored whole.
///
/// Every weight comes out bit for bit as the walk of the packed triangle
/// (`RBFAffinity`) computes it: the dot products from `lk_block_dots` (whose
/// value for a pair does not depend on which sample is the row), and the
/// distance formed in the row of the pair's lower sample (`lk_pair_weights`).
/// So a row recomputed here equals the dense graph's row.
final class KernelRows: @unchecked Sendable {
  /// Columns per tile: 256 columns of 64 features are 128 kB, inside level 2.
  static let tileColumns = 256

  let count: Int
  let dimension: Int
  let negativeGamma: Double
  /// The samples in quads (`lk_block_dots`' layout), padded with zeros to whole blocks of 8.
  let panels: Scratch<Double>
  /// `||x||²` per sample, padded with zeros to a multiple of 8.
  let norms: Scratch<Double>

  init(_ samples: Samples, gamma: Double) throws(LearningError) {
    count = samples.count
    dimension = samples.dimension
    negativeGamma = -gamma
    let squared = try squaredNorms(samples)
    let quadCount = (count + 7) / 8 * 2
    panels = Scratch(uninitializedCount: quadCount * dimension * 4)
    lk_pack_quads(samples.values.baseAddress, count, dimension, quadCount, panels.base)
    norms = Scratch(count: quadCount * 4, repeating: 0)
    for sample in 0..<count { norms.buffer[sample] = squared[sample] }
  }

  /// Room for the dot products of one block of 8 rows with one tile.
  func dotsBuffer() -> Scratch<Double> {
    Scratch(uninitializedCount: 8 * Self.tileColumns)
  }

  /// The products of the block of 8 rows from `first` (a multiple of 8) with
  /// the columns of `tile` (starting on a multiple of 4, at most `tileColumns`).
  @inline(__always)
  func blockDots(first: Int, tile: Range<Int>, into dots: UnsafeMutablePointer<Double>) {
    lk_block_dots(
      panels.base, dimension, first, tile.lowerBound / 4, (tile.upperBound + 3) / 4, dots,
      Self.tileColumns)
  }

  /// The weights of `row` (of the block from `first`) with the columns of
  /// `tile`, after `blockDots`, into `target[j]` (indexed by column).
  @inline(__always)
  func weights(
    row: Int, first: Int, tile: Range<Int>, dots: UnsafeMutablePointer<Double>,
    into target: UnsafeMutablePointer<Double>
  ) {
    let rowDots = dots + (row - first) * Self.tileColumns - tile.lowerBound
    lk_pair_weights(
      rowDots, norms.base, row, negativeGamma, ScaledExponential.table.base, tile.lowerBound,
      tile.upperBound, target)
  }

  /// Calls `body(row, weights)` for each of `rows` with its whole row of the
  /// kernel (`weights[j]` for every column; the row's own value is not used).
  ///
  /// The rows of one block of 8 share one pass over the features; blocks run
  /// on every core, so `body` must only touch what belongs to its row.
  func fullRows(_ rows: [Int], _ body: @escaping @Sendable (Int, UnsafePointer<Double>) -> Void) {
    var groups: [(first: Int, rows: [Int])] = []
    for row in rows.sorted() {
      let first = row / 8 * 8
      if groups.last?.first == first {
        groups[groups.count - 1].rows.append(row)
      } else {
        groups.append((first, [row]))
      }
    }
    let n = count
    let blocks = groups
    forEachPart(blocks.count) { group in
      let (first, members) = blocks[group]
      let dots = self.dotsBuffer()
      let weights = Scratch<Double>(uninitializedCount: members.count * n + 4)
      var start = 0
      while start < n {
        let tile = start..<min(n, start + Self.tileColumns)
        self.blockDots(first: first, tile: tile, into: dots.base)
        for (index, row) in members.enumerated() {
          self.weights(
            row: row, first: first, tile: tile, dots: dots.base, into: weights.base + index * n)
        }
        start = tile.upperBound
      }
      for (index, row) in members.enumerated() { body(row, weights.base + index * n) }
    }
  }
}
