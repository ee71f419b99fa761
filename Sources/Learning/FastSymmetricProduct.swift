import Foundation

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
        for label in 0..<classes {
          let value = input[sample * classes + label] * scale
          columns[label * n + sample] = value
          if value != 0 {
            tileActive[sample / tile] = 1
            blockActive[sample / 4] = 1
          }
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
      for sample in 0..<n {
        for label in 0..<classes {
          output[sample * classes + label] = diagonal * columns[label * n + sample]
        }
      }
      for (part, rows) in slices.parts.enumerated() {
        let length = n - rows.lowerBound
        let slice = partials + slices.offsets[part] * classes - rows.lowerBound
        for sample in rows.lowerBound..<n {
          for label in 0..<classes {
            output[sample * classes + label] += slice[label * length + sample]
          }
        }
      }
      for sample in 0..<n {
        let scale = outputScale[sample]
        for label in 0..<classes { output[sample * classes + label] *= scale }
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

  /// The block of rows `firstRow ..< firstRow + 4` against `columns`, for every class.
  @inline(__always)
  func blockTile(
    firstRow r0: Int, columns range: Range<Int>, weights: UnsafePointer<Double>,
    target: UnsafeMutablePointer<Double>, stride: Int, gather: Bool, scatter: Bool
  ) {
    let n = count
    let row0 = packedRow(weights, r0)
    let row1 = packedRow(weights, r0 + 1)
    let row2 = packedRow(weights, r0 + 2)
    let row3 = packedRow(weights, r0 + 3)
    for label in 0..<classes {
      let column = columns + label * n
      let output = target + label * stride
      let sums: SIMD4<Double>
      if gather && scatter {
        sums = Self.tilePass(
          row0, row1, row2, row3, firstRow: r0, columns: range, input: column,
          output: output, gather: true, scatter: true)
      } else if gather {
        sums = Self.tilePass(
          row0, row1, row2, row3, firstRow: r0, columns: range, input: column,
          output: output, gather: true, scatter: false)
      } else {
        sums = Self.tilePass(
          row0, row1, row2, row3, firstRow: r0, columns: range, input: column,
          output: output, gather: false, scatter: true)
      }
      output[r0] += sums[0]
      output[r0 + 1] += sums[1]
      output[r0 + 2] += sums[2]
      output[r0 + 3] += sums[3]
    }
  }

  /// One class over one tile: returns the four gathered sums, scatters into `output`.
  ///
  /// `gather` and `scatter` are constants at each call, so each combination
  /// compiles to its own loop.
  @inline(__always)
  static func tilePass(
    _ row0: UnsafePointer<Double>, _ row1: UnsafePointer<Double>, _ row2: UnsafePointer<Double>,
    _ row3: UnsafePointer<Double>, firstRow r0: Int, columns: Range<Int>,
    input column: UnsafePointer<Double>, output: UnsafeMutablePointer<Double>, gather: Bool,
    scatter: Bool
  ) -> SIMD4<Double> {
    let f0 = SIMD2<Double>(repeating: column[r0])
    let f1 = SIMD2<Double>(repeating: column[r0 + 1])
    let f2 = SIMD2<Double>(repeating: column[r0 + 2])
    let f3 = SIMD2<Double>(repeating: column[r0 + 3])
    var a0 = SIMD2<Double>()
    var a1 = SIMD2<Double>()
    var a2 = SIMD2<Double>()
    var a3 = SIMD2<Double>()
    // One byte offset, advanced with wrapping arithmetic: no overflow checks in the loop.
    let w0 = UnsafeRawPointer(row0 + columns.lowerBound)
    let w1 = UnsafeRawPointer(row1 + columns.lowerBound)
    let w2 = UnsafeRawPointer(row2 + columns.lowerBound)
    let w3 = UnsafeRawPointer(row3 + columns.lowerBound)
    let x = UnsafeRawPointer(column + columns.lowerBound)
    let y = UnsafeMutableRawPointer(output + columns.lowerBound)
    let pairs = columns.count / 2
    let endOffset = pairs &* 16
    var offset = 0
    while offset < endOffset {
      let v0 = w0.loadUnaligned(fromByteOffset: offset, as: SIMD2<Double>.self)
      let v1 = w1.loadUnaligned(fromByteOffset: offset, as: SIMD2<Double>.self)
      let v2 = w2.loadUnaligned(fromByteOffset: offset, as: SIMD2<Double>.self)
      let v3 = w3.loadUnaligned(fromByteOffset: offset, as: SIMD2<Double>.self)
      if gather {
        let values = x.loadUnaligned(fromByteOffset: offset, as: SIMD2<Double>.self)
        a0 += v0 * values
        a1 += v1 * values
        a2 += v2 * values
        a3 += v3 * values
      }
      if scatter {
        let current = y.loadUnaligned(fromByteOffset: offset, as: SIMD2<Double>.self)
        y.storeBytes(
          of: current + ((v0 * f0 + v1 * f1) + (v2 * f2 + v3 * f3)), toByteOffset: offset,
          as: SIMD2<Double>.self)
      }
      offset &+= 16
    }
    let remaining = columns.count &- pairs &* 2
    let j = columns.upperBound - remaining
    let end = columns.upperBound
    var sums = SIMD4(a0.sum(), a1.sum(), a2.sum(), a3.sum())
    if j < end {
      if gather {
        let value = column[j]
        sums += SIMD4(row0[j], row1[j], row2[j], row3[j]) * value
      }
      if scatter {
        output[j] += (row0[j] * f0[0] + row1[j] * f1[0]) + (row2[j] * f2[0] + row3[j] * f3[0])
      }
    }
    return sums
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
