/// What a heatmap leaves out when it has more cells than room: first the numbers in
/// the cells, then tick labels (every `step`-th is kept), so that it never fails and
/// nothing drawn overlaps. A heatmap with room for everything is drawn as before.
extension HeatmapFigure {
  /// Whether every cell's text fits inside its cell; when one does not, none is drawn.
  func cellTextsFit(on canvas: Canvas, cell: Double) -> Bool {
    // No line of text is shorter than the font's ascent plus descent.
    guard cell >= Layout.fontSize * (FontMetrics.ascent + FontMetrics.descent) else {
      return false
    }
    var seen = Set<String>()
    for text in cellTexts.joined() where !text.isEmpty && seen.insert(text).inserted {
      let block = canvas.measure(text, fontSize: Layout.fontSize)
      if block.width > cell || block.height > cell { return false }
    }
    return true
  }

  /// The least step such that the labels at every `step`-th cell, each centred on its
  /// cell, leave a gap between neighbours; `extents` are the labels' sizes along the axis.
  static func labelStep(extents: [Double], cell: Double, gap: Double) -> Int {
    let count = extents.count
    guard count > 1, cell > 0 else { return 1 }
    var step = 1
    while step < count {
      var fits = true
      var index = 0
      while index + step < count {
        if Double(step) * cell < (extents[index] + extents[index + step]) / 2 + gap {
          fits = false
          break
        }
        index += step
      }
      if fits { return step }
      step += 1
    }
    return count
  }

  /// The step of the column labels (their widths) and of the row labels (their heights).
  func labelSteps(on canvas: Canvas, cell: Double) -> (columns: Int, rows: Int) {
    let gap = Layout.fontSize / 2
    let widths = columnLabels.map { canvas.measure($0, fontSize: Layout.fontSize).width }
    let heights = rowLabels.map { canvas.measure($0, fontSize: Layout.fontSize).height }
    return (
      Self.labelStep(extents: widths, cell: cell, gap: gap),
      Self.labelStep(extents: heights, cell: cell, gap: 0)
    )
  }
}
