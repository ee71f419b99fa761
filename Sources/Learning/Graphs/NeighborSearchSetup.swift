/// The per-position arrays of `NeighborSearch`, filled on every core.
///
/// Each is allocated uninitialised and written once, position by position, in
/// parts of 4,096 positions (pairs of positions never straddle two parts); the
/// values are those of one pass in position order, since each position's come
/// from its own sample alone. Positions from `order.count` on are padding.
enum NeighborSearchSetup {
  static let partSize = 4_096

  /// Runs `body` over the positions `0..<positions` in parts on every core.
  private static func forEachRun(
    _ positions: Int, _ body: @escaping @Sendable (Range<Int>) -> Void
  ) {
    let parts = (positions + partSize - 1) / partSize
    forEachPart(parts) { part in
      body((part * partSize)..<min(positions, part * partSize + partSize))
    }
  }

  /// The projections by pairs of positions (`panels[pair][component][lane]`),
  /// each position's squared projected length, and its slack.
  ///
  /// Padding has zero projections, an infinite length (no bound admits it)
  /// and no slack.
  static func projectedArrays(
    order: [Int], positions: Int, projections: [Double], components m: Int, norms: [Double],
    centredNorms: [Double]
  ) -> (panels: [Double], projectedNorms: [Double], slack: [Double]) {
    let n = order.count
    var projectedNorms = [Double](repeating: 0, count: 0)
    var slack = [Double](repeating: 0, count: 0)
    let panels = [Double](unsafeUninitializedCapacity: positions * m) { panels, panelCount in
      projectedNorms = [Double](unsafeUninitializedCapacity: positions) { lengths, lengthCount in
        slack = [Double](unsafeUninitializedCapacity: positions) { slack, slackCount in
          let panels = SharedBuffer(panels)
          let lengths = SharedBuffer(lengths)
          let slackOut = SharedBuffer(slack)
          order.withUnsafeBufferPointer { order in
            projections.withUnsafeBufferPointer { projections in
              norms.withUnsafeBufferPointer { norms in
                centredNorms.withUnsafeBufferPointer { centredNorms in
                  let order = SharedBuffer(readOnly: order)
                  let projections = SharedBuffer(readOnly: projections)
                  let norms = SharedBuffer(readOnly: norms)
                  let centredNorms = SharedBuffer(readOnly: centredNorms)
                  forEachRun(positions) { run in
                    for position in run {
                      let panel = panels.base + (position / 2) * m * 2 + position % 2
                      guard position < n else {
                        for component in 0..<m { panel[component * 2] = 0 }
                        lengths[position] = .infinity
                        slackOut[position] = 0
                        continue
                      }
                      let sample = order[position]
                      var total = 0.0
                      for component in 0..<m {
                        let value = projections[sample * m + component]
                        panel[component * 2] = value
                        total += value * value
                      }
                      lengths[position] = total
                      // The errors of both distance forms and of the projection are below
                      // 1e-13 of these squared lengths; 1e-9 of them leaves a wide margin.
                      slackOut[position] = 1e-9 * (norms[sample] + centredNorms[sample] + total)
                    }
                  }
                }
              }
            }
          }
          slackCount = positions
        }
        lengthCount = positions
      }
      panelCount = positions * m
    }
    return (panels, projectedNorms, slack)
  }

  /// The samples' rows in position order and their squared norms; padding is zeros.
  static func rowsInOrder(_ samples: Samples, order: [Int], positions: Int, norms: [Double])
    -> (rows: [Double], norms: [Double])
  {
    let n = order.count
    let d = samples.dimension
    var positionNorms = [Double](repeating: 0, count: 0)
    let rows = [Double](unsafeUninitializedCapacity: positions * d) { rows, rowCount in
      positionNorms = [Double](unsafeUninitializedCapacity: positions) { normOut, normCount in
        let rows = SharedBuffer(rows)
        let normOut = SharedBuffer(normOut)
        order.withUnsafeBufferPointer { order in
          norms.withUnsafeBufferPointer { norms in
            let order = SharedBuffer(readOnly: order)
            let norms = SharedBuffer(readOnly: norms)
            forEachRun(positions) { run in
              for position in run {
                let target = rows.base + position * d
                guard position < n else {
                  target.initialize(repeating: 0, count: d)
                  normOut[position] = 0
                  continue
                }
                target.initialize(from: samples.row(order[position]), count: d)
                normOut[position] = norms[order[position]]
              }
            }
          }
        }
        normCount = positions
      }
      rowCount = positions * d
    }
    return (rows, positionNorms)
  }
}
