import Foundation
import LearningKernels

extension PackedSymmetricGraph {
  /// Columns per tile of the product: 4 rows of a tile are 16 kB of weights,
  /// which stay in the level-1 cache while every class goes over them.
  static let tileColumns = 512

  /// `output = G · input`, every stored weight used for both of its entries.
  ///
  /// The input is copied class-major (`x[label][sample]`, scaled by
  /// `inputScale`), so that for one class both halves of the symmetric product
  /// run along contiguous memory: rows `i..<i+4` gather `sum_j w_ij x_j` and
  /// scatter `w_ij x_i` into output `j`. The triangle is cut into tiles of
  /// 4 rows by `tileColumns` columns, and each tile is read from memory once
  /// for all classes instead of once per class.
  ///
  /// Parts of the triangle (`slices`) are taken by whichever core is free;
  /// each part adds into its own slice of the workspace, and the slices are
  /// summed in part order, so the result does not depend on the schedule.
  /// Tiles whose inputs are all zero on both sides (most of the first product,
  /// when only the labeled rows are non-zero) are skipped.
  ///
  /// When the graph has `significant` entries, the shortcut product over them
  /// is tried first (see `SignificantEntries`).
  func multiply(
    _ input: UnsafeBufferPointer<Double>, classes: Int,
    into output: UnsafeMutableBufferPointer<Double>, workspace: inout [Double]
  ) {
    if let significant,
      multiplySignificant(
        significant, input: input, classes: classes, into: output, workspace: &workspace)
    {
      return
    }
    let n = sampleCount
    let tile = Self.tileColumns
    let tileCount = (n + tile - 1) / tile
    let blockCount = (n + 3) / 4
    let needed = n * classes + slices.total * classes + tileCount + blockCount
    if workspace.count < needed {
      workspace = [Double](repeating: 0, count: needed)
    }
    workspace.withUnsafeMutableBufferPointer { space in
      let base = space.baseAddress.unsafelyUnwrapped
      let columns = base
      let partials = base + n * classes
      // 1 where a tile of columns, or a block of rows, has a non-zero input.
      let tileActive = partials + slices.total * classes
      let blockActive = tileActive + tileCount
      for index in 0..<(tileCount + blockCount) { tileActive[index] = 0 }
      for sample in 0..<n {
        let scale = inputScale[sample]
        let source = input.baseAddress.unsafelyUnwrapped + sample * classes
        var active = false
        for label in 0..<classes {
          let value = source[label] * scale
          columns[label * n + sample] = value
          active = active || value != 0
        }
        if active {
          tileActive[sample / tile] = 1
          blockActive[sample / 4] = 1
        }
      }
      let product = SymmetricProduct(
        count: n, classes: classes, columns: columns, tileActive: tileActive,
        blockActive: blockActive)
      upper.withUnsafeBufferPointer { upper in
        let weights = SharedBuffer(readOnly: upper)
        let target = SharedBuffer(start: partials, count: slices.total * classes)
        let slices = self.slices
        forEachPart(slices.parts.count) { part in
          let rows = slices.parts[part]
          let length = n - rows.lowerBound
          let slice = target.base + slices.offsets[part] * classes
          slice.initialize(repeating: 0, count: length * classes)
          flushingSubnormals {
            product.run(
              rows: rows, weights: weights.base, into: slice - rows.lowerBound, stride: length)
          }
        }
      }
      // Per output: the diagonal's share, each part's slice in part order, the scale.
      let parts = slices.parts.enumerated().map { part, rows in
        (
          first: rows.lowerBound, length: n - rows.lowerBound,
          slice: UnsafePointer(partials + slices.offsets[part] * classes - rows.lowerBound)
        )
      }
      for sample in 0..<n {
        let scale = outputScale[sample]
        let target = output.baseAddress.unsafelyUnwrapped + sample * classes
        for label in 0..<classes {
          var total = diagonal * columns[label * n + sample]
          for part in parts where part.first <= sample {
            total += part.slice[label * part.length + sample]
          }
          target[label] = total * scale
        }
      }
    }
  }
}

/// One product's read-only state, shared by the workers.
private struct SymmetricProduct: @unchecked Sendable {
  let count: Int
  let classes: Int
  /// The scaled input, class-major.
  let columns: UnsafeMutablePointer<Double>
  let tileActive: UnsafeMutablePointer<Double>
  let blockActive: UnsafeMutablePointer<Double>

  @inline(__always)
  func packedRow(_ weights: UnsafePointer<Double>, _ row: Int) -> UnsafePointer<Double> {
    weights + PackedSymmetricGraph.rowOffset(row, count: count) - row - 1
  }

  /// Adds the products of rows `rows` (and their mirror entries) into `target`.
  ///
  /// `target[label * stride + j]` receives output `j` of class `label`. The
  /// loop runs over tiles of columns outermost, so that the inputs and outputs
  /// of a tile (`tileColumns` values per class) stay in the level-2 cache while
  /// every block of rows of the part goes over them; only the weights stream
  /// from memory, and each of them once.
  func run(
    rows: Range<Int>, weights: UnsafePointer<Double>, into target: UnsafeMutablePointer<Double>,
    stride: Int
  ) {
    let n = count
    let tile = PackedSymmetricGraph.tileColumns
    let blockEnd = rows.lowerBound + (rows.count / 4) * 4
    var row = rows.lowerBound
    while row < blockEnd {
      if blockActive[row / 4] != 0 {
        blockPairs(firstRow: row, weights: weights, target: target, stride: stride)
      }
      row += 4
    }
    if blockEnd > rows.lowerBound {
      var tileIndex = (rows.lowerBound + 4) / tile
      while tileIndex * tile < n {
        let columnStart = tileIndex * tile
        let columnEnd = min(n, columnStart + tile)
        let gather = tileActive[tileIndex] != 0
        var first = rows.lowerBound
        while first < blockEnd, first + 4 < columnEnd {
          let scatter = blockActive[first / 4] != 0
          if gather || scatter {
            blockTile(
              firstRow: first, columns: max(columnStart, first + 4)..<columnEnd,
              weights: weights, target: target, stride: stride, gather: gather, scatter: scatter)
          }
          first += 4
        }
        tileIndex += 1
      }
    }
    // The last few rows, one at a time.
    while row < rows.upperBound {
      let rowWeights = packedRow(weights, row)
      for label in 0..<classes {
        let column = columns + label * n
        let output = target + label * stride
        var gathered = 0.0
        let value = column[row]
        for other in (row + 1)..<max(row + 1, n) {
          gathered += rowWeights[other] * column[other]
          output[other] += rowWeights[other] * value
        }
        output[row] += gathered
      }
      row += 1
    }
  }

  /// The six pairs inside the block of rows `firstRow ..< firstRow + 4`.
  func blockPairs(
    firstRow r0: Int, weights: UnsafePointer<Double>, target: UnsafeMutablePointer<Double>,
    stride: Int
  ) {
    let n = count
    for label in 0..<classes {
      let column = columns + label * n
      let output = target + label * stride
      for a in 0..<3 {
        let row = packedRow(weights, r0 + a)
        for b in (a + 1)..<4 {
          let weight = row[r0 + b]
          output[r0 + a] += weight * column[r0 + b]
          output[r0 + b] += weight * column[r0 + a]
        }
      }
    }
  }

  /// The block of rows `firstRow ..< firstRow + 4` against `columns`, for
  /// every class (`lk_block_tile`, in C for its AVX2 variant).
  @inline(__always)
  func blockTile(
    firstRow r0: Int, columns range: Range<Int>, weights: UnsafePointer<Double>,
    target: UnsafeMutablePointer<Double>, stride: Int, gather: Bool, scatter: Bool
  ) {
    lk_block_tile(
      packedRow(weights, r0), packedRow(weights, r0 + 1), packedRow(weights, r0 + 2),
      packedRow(weights, r0 + 3), r0, range.lowerBound, range.upperBound, columns, count,
      target, stride, classes, gather ? 1 : 0, scatter ? 1 : 0)
  }
}

/// Runs `body` with subnormal results flushed to zero (x86-64 only; elsewhere as is).
///
/// Inputs and weights of the product are scaled so that any product of
/// theirs that comes out subnormal stands for a value below 2^-1790, which is
/// zero in unscaled arithmetic anyway; flushing it spares the processor the
/// slow path subnormal results take on many chips.
@inline(__always)
func flushingSubnormals(_ body: () -> Void) {
  #if arch(x86_64) && canImport(Glibc)
  var saved = fenv_t()
  fegetenv(&saved)
  var flushing = saved
  // MXCSR bit 15: flush to zero; bit 6: denormal inputs are zero.
  flushing.__mxcsr |= 0x8040
  fesetenv(&flushing)
  body()
  fesetenv(&saved)
  #else
  body()
  #endif
}
