/// An annotated heatmap with a colorbar, as matplotlib's `imshow` plus `fig.colorbar`
/// draw it: the shared drawing behind the confusion matrix and the tuning grid.
///
/// Row 0 is at the top. The colour of a cell is viridis at `(v - min) / (max - min)`
/// over the finite values; its text is light (viridis at 1) on cells below
/// `(max + min) / 2` and dark (viridis at 0) otherwise. Cells are square, as large as
/// the subplot area allows beside the colorbar. A cell whose value is NaN is left
/// white, with its text (a grid cell that has no score).
public struct HeatmapFigure: Figure, CanvasFigure {
  /// `values[row][column]`, every row as long.
  public var values: [[Double]]
  /// The text written in each cell, same shape as `values`.
  public var cellTexts: [[String]]
  public var rowLabels: [String]
  public var columnLabels: [String]
  /// The label under the column labels.
  public var xLabel: String
  /// The label left of the row labels, rotated.
  public var yLabel: String
  /// An optional title above the heatmap (12 pt, like `ax.set_title`).
  public var title: String?
  public var size: FigureSize

  public init(
    values: [[Double]], cellTexts: [[String]], rowLabels: [String], columnLabels: [String],
    xLabel: String, yLabel: String, title: String? = nil, size: FigureSize = .matplotlibDefault
  ) {
    self.values = values
    self.cellTexts = cellTexts
    self.rowLabels = rowLabels
    self.columnLabels = columnLabels
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.title = title
    self.size = size
  }

  public func render(
    as format: FigureFormat, scale: Double = 1, metadata: FigureMetadata = FigureMetadata()
  ) throws(PlotError) -> [UInt8] {
    try renderFigure(as: format, scale: scale, metadata: metadata)
  }

  var accessibleTitle: String { title ?? "Heatmap" }

  func validate() throws(PlotError) {
    let rows = values.count
    guard rows > 0, let columns = values.first?.count, columns > 0 else {
      throw PlotError.invalid("the heatmap is empty")
    }
    for (index, row) in values.enumerated() where row.count != columns {
      throw PlotError.invalid(
        "every heatmap row needs \(columns) cells: row \(index) has \(row.count)")
    }
    guard cellTexts.count == rows, cellTexts.allSatisfy({ $0.count == columns }) else {
      throw PlotError.invalid("the cell texts must have the shape of the values")
    }
    guard rowLabels.count == rows, columnLabels.count == columns else {
      throw PlotError.invalid(
        "\(rowLabels.count) row and \(columnLabels.count) column labels for a "
          + "\(rows) x \(columns) heatmap")
    }
    if values.joined().contains(where: \.isInfinite) {
      throw PlotError.invalid("heatmap values must be finite (or NaN for an empty cell)")
    }
  }

  func draw(on canvas: Canvas) throws(PlotError) {
    let rows = values.count
    let columns = values[0].count
    let flat = values.joined().filter { !$0.isNaN }
    guard let dataRange = LinearNormalization(containing: flat.isEmpty ? [0] : flat) else {
      return
    }
    // The colorbar widens a one-value range on the image's own norm (matplotlib), so a
    // constant matrix is drawn in the middle of the map rather than dividing by zero.
    let norm = dataRange.nonsingular()
    let threshold = (dataRange.vmax + dataRange.vmin) / 2
    let viridis = Colormap.viridis
    let lightText = viridis(1.0)
    let darkText = viridis(0.0)

    // Room left of the heatmap for the ticks, the widest row label and the rotated y label.
    let leftRoom =
      Layout.tickLength + Layout.tickPad
      + (rowLabels.map { canvas.measure($0, fontSize: Layout.fontSize).width }.max() ?? 0)
      + Layout.labelPad + canvas.measure(yLabel, fontSize: Layout.fontSize).height
    let layout = HeatmapLayout(size: size, rows: rows, columns: columns, leftRoom: leftRoom)
    let heatmap = layout.heatmap
    let cell = layout.cell

    try canvas.raster(columns: columns, rows: rows, in: heatmap) { row, column in
      let value = values[row][column]
      return value.isNaN ? RGB(1, 1, 1) : viridis(norm(value))
    }
    // Numbers that do not fit in their cells are left out, all of them.
    let annotated = cellTextsFit(on: canvas, cell: cell)
    for row in 0..<rows where annotated {
      for column in 0..<columns {
        let value = values[row][column]
        canvas.text(
          cellTexts[row][column],
          at: Point(
            x: heatmap.minX + (Double(column) + 0.5) * cell,
            y: heatmap.minY + (Double(row) + 0.5) * cell),
          fontSize: Layout.fontSize,
          color: value.isNaN ? darkText : value < threshold ? lightText : darkText,
          horizontal: .center, vertical: .center)
      }
    }
    canvas.frame(heatmap)

    // Ticks and labels on the bottom and left sides: at every cell, or at every
    // `step`-th when the labels would run into each other.
    let steps = labelSteps(on: canvas, cell: cell)
    let labelOffset = Layout.tickLength + Layout.tickPad
    var xLabelsBox = Rect(x: heatmap.midX, y: heatmap.maxY + labelOffset, width: 0, height: 0)
    var yLabelsBox = Rect(x: heatmap.minX - labelOffset, y: heatmap.midY, width: 0, height: 0)
    for index in stride(from: 0, to: columns, by: steps.columns) {
      let x = heatmap.minX + (Double(index) + 0.5) * cell
      canvas.axisAlignedLine(
        from: Point(x: x, y: heatmap.maxY), to: Point(x: x, y: heatmap.maxY + Layout.tickLength))
      xLabelsBox = xLabelsBox.union(
        canvas.text(
          columnLabels[index], at: Point(x: x, y: heatmap.maxY + labelOffset),
          fontSize: Layout.fontSize, horizontal: .center, vertical: .top))
    }
    for index in stride(from: 0, to: rows, by: steps.rows) {
      let y = heatmap.minY + (Double(index) + 0.5) * cell
      canvas.axisAlignedLine(
        from: Point(x: heatmap.minX - Layout.tickLength, y: y), to: Point(x: heatmap.minX, y: y))
      yLabelsBox = yLabelsBox.union(
        canvas.text(
          rowLabels[index], at: Point(x: heatmap.minX - labelOffset, y: y),
          fontSize: Layout.fontSize, horizontal: .right, vertical: .centerBaseline))
    }
    canvas.text(
      xLabel, at: Point(x: heatmap.midX, y: xLabelsBox.maxY + Layout.labelPad),
      fontSize: Layout.fontSize, horizontal: .center, vertical: .top)
    canvas.text(
      yLabel, at: Point(x: yLabelsBox.minX - Layout.labelPad, y: heatmap.midY),
      fontSize: Layout.fontSize, horizontal: .center, vertical: .bottom, rotated: true)
    if let title, !title.isEmpty {
      canvas.text(
        title, at: Point(x: heatmap.midX, y: heatmap.minY - Layout.titlePad),
        fontSize: Layout.titleFontSize, horizontal: .center, vertical: .baseline)
    }

    try drawColorbar(on: canvas, in: layout.colorbar, norm: norm)
  }

  /// The colorbar: the 256 viridis entries as equal bands from `norm.vmin` (bottom) to
  /// `norm.vmax` (top), framed, with nice ticks on the right.
  private func drawColorbar(
    on canvas: Canvas, in bar: Rect, norm: LinearNormalization
  ) throws(PlotError) {
    let entries = Colormap.viridis.entries
    try canvas.raster(columns: 1, rows: entries.count, in: bar) { row, _ in
      entries[entries.count - 1 - row]
    }
    canvas.frame(bar)
    let bins = TickLocator.binCount(
      axisLength: bar.height, fontSize: Layout.fontSize, factor: 2)
    let ticks = TickLocator.ticks(vmin: norm.vmin, vmax: norm.vmax, bins: bins)
    let labels = TickLocator.labels(for: ticks)
    for (tick, label) in zip(ticks, labels) {
      let y = bar.maxY - norm(tick) * bar.height
      canvas.axisAlignedLine(
        from: Point(x: bar.maxX, y: y), to: Point(x: bar.maxX + Layout.tickLength, y: y))
      canvas.text(
        label, at: Point(x: bar.maxX + Layout.tickLength + Layout.tickPad, y: y),
        fontSize: Layout.fontSize, horizontal: .left, vertical: .centerBaseline)
    }
  }
}

/// Where the heatmap and its colorbar go, as `fig.colorbar(im, ax=ax)` lays them out.
///
/// The colorbar takes `fraction` 0.15 of the subplot area's width after a `pad` of 0.05;
/// the heatmap of square cells is as large as the remaining 0.8 allows and sits against
/// the colorbar (`panchor=(1.0, 0.5)`); the colorbar is as tall as the subplot area,
/// 1/20 as wide (`aspect=20`), at the left of its slot (`anchor=(0.0, 0.5)`).
struct HeatmapLayout {
  var heatmap: Rect
  var colorbar: Rect
  /// The side of one cell.
  var cell: Double

  /// The margin kept between the y label and the figure's left edge.
  static let edgeMargin = Layout.points(3)

  /// `leftRoom` is how far the ticks and labels reach left of the heatmap: when the
  /// subplot area's left margin is too narrow for them, the cells shrink until the
  /// labels end `edgeMargin` inside the figure (matplotlib would cut them off).
  init(size: FigureSize, rows: Int = 1, columns: Int = 1, leftRoom: Double = 0) {
    let area = Layout.subplotArea(size)
    let fraction = 0.15
    let pad = 0.05
    let parentWidth = area.width * (1 - fraction - pad)
    cell = min(parentWidth / Double(columns), area.height / Double(rows))
    // The heatmap ends at the right of its slot, so narrower cells move its left side right.
    let widest = (area.minX + parentWidth - leftRoom - Self.edgeMargin) / Double(columns)
    if cell > widest { cell = max(widest, 0) }
    let width = cell * Double(columns)
    let height = cell * Double(rows)
    heatmap = Rect(
      x: area.minX + parentWidth - width, y: area.minY + (area.height - height) / 2,
      width: width, height: height)
    let slotWidth = area.width * fraction
    let barHeight = min(area.height, slotWidth * 20)
    colorbar = Rect(
      x: area.minX + area.width * (1 - fraction), y: area.minY + (area.height - barHeight) / 2,
      width: barHeight / 20, height: barHeight)
  }
}
