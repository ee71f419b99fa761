/// A confusion-matrix heatmap with a colorbar, drawn as scikit-learn's
/// `ConfusionMatrixDisplay.plot()` draws it with its defaults (viridis, nearest cells,
/// every cell annotated, horizontal tick labels).
///
/// Rows are true labels, columns predicted labels, row 0 at the top. The colour of a cell
/// is viridis at `(v - min) / (max - min)` over the matrix; the annotation is light
/// (viridis at 1) on cells below `(max + min) / 2` and dark (viridis at 0) otherwise.
public struct ConfusionMatrixFigure: Figure, CanvasFigure {
  /// How counts are turned into fractions, as scikit-learn's `normalize` parameter.
  public enum Normalization: String, Sendable, CaseIterable {
    /// Each row divided by its sum (recall per class); `normalize="true"`.
    case trueLabel = "true"
    /// Each column divided by its sum (precision per class); `normalize="pred"`.
    case predictedLabel = "pred"
    /// Every cell divided by the total; `normalize="all"`.
    case all
  }

  /// Counts, `counts[trueClass][predictedClass]`, square.
  public var counts: [[Int]]
  /// One name per class, used for both axes.
  public var labels: [String]
  public var normalize: Normalization?
  /// An optional title above the matrix (12 pt, like `ax.set_title`).
  public var title: String?
  public var size: FigureSize

  public init(
    counts: [[Int]], labels: [String], normalize: Normalization? = nil, title: String? = nil,
    size: FigureSize = .matplotlibDefault
  ) {
    self.counts = counts
    self.labels = labels
    self.normalize = normalize
    self.title = title
    self.size = size
  }

  public func render(
    as format: FigureFormat, scale: Double = 1, metadata: FigureMetadata = FigureMetadata()
  ) throws(PlotError) -> [UInt8] {
    try renderFigure(as: format, scale: scale, metadata: metadata)
  }

  var accessibleTitle: String { title ?? "Confusion matrix" }

  func validate() throws(PlotError) {
    let classes = counts.count
    guard classes > 0 else { throw PlotError.invalid("the confusion matrix is empty") }
    for (index, row) in counts.enumerated() where row.count != classes {
      throw PlotError.invalid(
        "the confusion matrix must be square: row \(index) has \(row.count) cells, not \(classes)")
    }
    guard labels.count == classes else {
      throw PlotError.invalid("\(labels.count) labels for a \(classes) x \(classes) matrix")
    }
    if counts.contains(where: { $0.contains { $0 < 0 } }) {
      throw PlotError.invalid("confusion matrix counts cannot be negative")
    }
  }

  /// The values shown: the counts, or fractions as scikit-learn's `confusion_matrix`
  /// computes them, where a zero sum gives 0 (its `np.nan_to_num` of 0/0).
  public var values: [[Double]] {
    let matrix = counts.map { $0.map(Double.init) }
    func divided(_ value: Double, by total: Double) -> Double {
      total == 0 ? 0 : value / total
    }
    switch normalize {
    case nil:
      return matrix
    case .trueLabel:
      return matrix.map { row in
        let total = row.reduce(0, +)
        return row.map { divided($0, by: total) }
      }
    case .predictedLabel:
      let columnTotals = (0..<(matrix.first?.count ?? 0)).map { column in
        matrix.reduce(0) { $0 + $1[column] }
      }
      return matrix.map { row in
        row.enumerated().map { divided($0.element, by: columnTotals[$0.offset]) }
      }
    case .all:
      let total = matrix.joined().reduce(0, +)
      return matrix.map { row in row.map { divided($0, by: total) } }
    }
  }

  /// The text written in each cell, as scikit-learn formats it.
  public var cellTexts: [[String]] {
    values.map { row in row.map { confusionCellText($0, integral: normalize == nil) } }
  }

  func draw(on canvas: Canvas) throws(PlotError) {
    let values = self.values
    let classes = values.count
    let flat = Array(values.joined())
    guard let dataRange = LinearNormalization(containing: flat) else { return }
    // The colorbar widens a one-value range on the image's own norm (matplotlib), so a
    // constant matrix is drawn in the middle of the map rather than dividing by zero.
    let norm = dataRange.nonsingular()
    let threshold = (dataRange.vmax + dataRange.vmin) / 2
    let viridis = Colormap.viridis
    let lightText = viridis(1.0)
    let darkText = viridis(0.0)

    let layout = ConfusionMatrixLayout(size: size)
    let heatmap = layout.heatmap
    let cell = heatmap.width / Double(classes)

    try canvas.raster(columns: classes, rows: classes, in: heatmap) { row, column in
      viridis(norm(values[row][column]))
    }
    for row in 0..<classes {
      for column in 0..<classes {
        let value = values[row][column]
        canvas.text(
          confusionCellText(value, integral: normalize == nil),
          at: Point(
            x: heatmap.minX + (Double(column) + 0.5) * cell,
            y: heatmap.minY + (Double(row) + 0.5) * cell),
          fontSize: Layout.fontSize, color: value < threshold ? lightText : darkText,
          horizontal: .center, vertical: .center)
      }
    }
    canvas.frame(heatmap)

    // Ticks and labels on the bottom (predicted) and left (true) sides.
    let labelOffset = Layout.tickLength + Layout.tickPad
    var xLabelsBox = Rect(x: heatmap.midX, y: heatmap.maxY + labelOffset, width: 0, height: 0)
    var yLabelsBox = Rect(x: heatmap.minX - labelOffset, y: heatmap.midY, width: 0, height: 0)
    for index in 0..<classes {
      let centre = (Double(index) + 0.5) * cell
      let x = heatmap.minX + centre
      canvas.axisAlignedLine(
        from: Point(x: x, y: heatmap.maxY), to: Point(x: x, y: heatmap.maxY + Layout.tickLength))
      xLabelsBox = xLabelsBox.union(
        canvas.text(
          labels[index], at: Point(x: x, y: heatmap.maxY + labelOffset),
          fontSize: Layout.fontSize, horizontal: .center, vertical: .top))
      let y = heatmap.minY + centre
      canvas.axisAlignedLine(
        from: Point(x: heatmap.minX - Layout.tickLength, y: y), to: Point(x: heatmap.minX, y: y))
      yLabelsBox = yLabelsBox.union(
        canvas.text(
          labels[index], at: Point(x: heatmap.minX - labelOffset, y: y),
          fontSize: Layout.fontSize, horizontal: .right, vertical: .centerBaseline))
    }
    canvas.text(
      "Predicted label", at: Point(x: heatmap.midX, y: xLabelsBox.maxY + Layout.labelPad),
      fontSize: Layout.fontSize, horizontal: .center, vertical: .top)
    canvas.text(
      "True label", at: Point(x: yLabelsBox.minX - Layout.labelPad, y: heatmap.midY),
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
/// the square heatmap is as large as the remaining 0.8 allows and sits against the
/// colorbar (`panchor=(1.0, 0.5)`); the colorbar is as tall as the subplot area, 1/20 as
/// wide (`aspect=20`), at the left of its slot (`anchor=(0.0, 0.5)`).
struct ConfusionMatrixLayout {
  var heatmap: Rect
  var colorbar: Rect

  init(size: FigureSize) {
    let area = Layout.subplotArea(size)
    let fraction = 0.15
    let pad = 0.05
    let parentWidth = area.width * (1 - fraction - pad)
    let side = min(parentWidth, area.height)
    heatmap = Rect(
      x: area.minX + parentWidth - side, y: area.minY + (area.height - side) / 2,
      width: side, height: side)
    let slotWidth = area.width * fraction
    let barHeight = min(area.height, slotWidth * 20)
    colorbar = Rect(
      x: area.minX + area.width * (1 - fraction), y: area.minY + (area.height - barHeight) / 2,
      width: barHeight / 20, height: barHeight)
  }
}
