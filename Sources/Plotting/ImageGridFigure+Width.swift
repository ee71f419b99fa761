extension ImageGridFigure {
  /// The narrowest figure width, at least `minimum`, at which `columns` titles side by side
  /// (as `add_subplot` places the cells: 0.775 of the width, spacing 0.2 of a cell) keep a
  /// small gap between them, so that a row of long titles never overlaps.
  public static func width(
    fitting titles: [String], columns: Int, minimum: Double
  ) throws(PlotError) -> Double {
    guard columns > 1, !titles.isEmpty else { return minimum }
    let titleWidth = try Canvas.measuring { canvas in
      titles.map { canvas.measure($0, fontSize: Layout.titleFontSize).width }.max() ?? 0
    }
    let gap = 0.3 * Layout.titleFontSize
    let cells = Double(columns) + Layout.subplotSpacing * Double(columns - 1)
    let needed = (titleWidth + gap) * cells / (0.775 * (1 + Layout.subplotSpacing))
    return max(minimum, needed.rounded(.up))
  }
}
