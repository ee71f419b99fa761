#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Class probabilities of a few samples as labelled horizontal bars, one panel per sample,
/// every bar on the same 0 to 1 scale (the uncertain samples of data that are not images).
///
/// Each panel has the sample's title, then a bar per class with the class name on its
/// left and the probability written at its end, so that 0.09 reads as 0.09 and not as
/// nothing. A class keeps its tab10 colour in every panel. With more than
/// `shownClasses` classes a panel shows the most probable ones and one bar for the rest.
public struct ProbabilityBarsFigure: Figure, CanvasFigure {
  /// One distribution per sample, one value per class, each in 0...1.
  public var probabilities: [[Double]]
  public var classNames: [String]
  /// One title per sample.
  public var titles: [String]
  /// An optional colour per title (red marks a wrong prediction), black by default.
  public var titleColors: [RGB]?
  public var suptitle: String
  /// Panels per row: 2, or 1 when the class names are long; set by `init`.
  public private(set) var columns: Int
  public private(set) var size: FigureSize

  /// Most bars in a panel; beyond it the least probable classes share one bar.
  public static let shownClasses = 6
  /// The figure's width, the gallery's.
  public static let width = 700.0

  /// Lays the panels out and sizes the figure to hold them.
  public init(
    probabilities: [[Double]], classNames: [String], titles: [String],
    titleColors: [RGB]? = nil,
    suptitle: String = "Most uncertain samples: class probabilities"
  ) throws(PlotError) {
    self.probabilities = probabilities
    self.classNames = classNames
    self.titles = titles
    self.titleColors = titleColors
    self.suptitle = suptitle
    let nameWidth = try Canvas.measuring { canvas in
      classNames.map { canvas.measure($0, fontSize: Layout.fontSize).width }.max() ?? 0
    }
    columns = nameWidth > 0.3 * Self.width / 2 ? 1 : 2
    size = FigureSize(width: Self.width, height: 1)
    size.height = ProbabilityBarsLayout(figure: self, nameWidth: nameWidth).figureHeight
  }

  public func render(
    as format: FigureFormat, scale: Double = 1, metadata: FigureMetadata = FigureMetadata()
  ) throws(PlotError) -> [UInt8] {
    try renderFigure(as: format, scale: scale, metadata: metadata)
  }

  var accessibleTitle: String { suptitle.isEmpty ? "Class probabilities" : suptitle }

  /// Bars per panel: every class, or the most probable ones and "other".
  var barCount: Int {
    classNames.count <= Self.shownClasses ? classNames.count : Self.shownClasses
  }

  func validate() throws(PlotError) {
    guard !probabilities.isEmpty else { throw PlotError.invalid("there are no samples to show") }
    guard !classNames.isEmpty else { throw PlotError.invalid("there are no classes") }
    for (index, row) in probabilities.enumerated() {
      guard row.count == classNames.count else {
        throw PlotError.invalid(
          "sample \(index) has \(row.count) probabilities for \(classNames.count) classes")
      }
      guard row.allSatisfy({ $0.isFinite && $0 >= 0 && $0 <= 1 + 1e-9 }) else {
        throw PlotError.invalid("sample \(index) has a probability outside 0...1")
      }
    }
    guard titles.count == probabilities.count else {
      throw PlotError.invalid("\(titles.count) titles for \(probabilities.count) samples")
    }
    if let titleColors {
      guard titleColors.count == probabilities.count, titleColors.allSatisfy(\.isFinite) else {
        throw PlotError.invalid("one finite title colour per sample is needed")
      }
    }
  }

  /// The bars of sample `index`: (label, class position or nil for "other", probability).
  func bars(_ index: Int) -> [(label: String, classIndex: Int?, value: Double)] {
    let row = probabilities[index]
    if classNames.count <= Self.shownClasses {
      return row.indices.map { (classNames[$0], $0, row[$0]) }
    }
    let order = row.indices.sorted { row[$0] > row[$1] || (row[$0] == row[$1] && $0 < $1) }
    let shown = order.prefix(Self.shownClasses - 1)
    let rest = order.dropFirst(Self.shownClasses - 1)
    return shown.map { (classNames[$0], $0, row[$0]) }
      + [("\(rest.count) others", nil, rest.reduce(0) { $0 + row[$1] })]
  }

  func draw(on canvas: Canvas) throws(PlotError) {
    let nameWidth =
      classNames.map { canvas.measure($0, fontSize: Layout.fontSize).width }
      .max() ?? 0
    let layout = ProbabilityBarsLayout(figure: self, nameWidth: nameWidth)
    if !suptitle.isEmpty {
      canvas.text(
        suptitle, at: Point(x: size.width / 2, y: ProbabilityBarsLayout.top),
        fontSize: Layout.titleFontSize, horizontal: .center, vertical: .top)
    }
    let gridColor = RGB(0.85, 0.85, 0.85)
    for index in probabilities.indices {
      let panel = layout.panel(index)
      canvas.text(
        canvas.shortened(titles[index], toWidth: panel.width, fontSize: Layout.fontSize),
        at: Point(x: panel.minX, y: panel.minY), fontSize: Layout.fontSize,
        color: titleColors?[index] ?? .black, horizontal: .left, vertical: .top)
      let barsTop = panel.minY + layout.titleHeight
      let barsBottom = barsTop + Double(barCount) * layout.rowHeight
      for tick in ProbabilityBarsLayout.ticks {
        let x = layout.barX(panel) + tick * layout.barWidth
        canvas.axisAlignedLine(
          from: Point(x: x, y: barsTop), to: Point(x: x, y: barsBottom),
          color: tick == 0 ? .black : gridColor, width: Layout.points(0.8))
      }
      for (position, bar) in bars(index).enumerated() {
        let rowTop = barsTop + Double(position) * layout.rowHeight
        let middle = rowTop + layout.rowHeight / 2
        canvas.text(
          canvas.shortened(bar.label, toWidth: layout.nameWidth, fontSize: Layout.fontSize),
          at: Point(x: layout.barX(panel) - layout.pad, y: middle),
          fontSize: Layout.fontSize, horizontal: .right, vertical: .center)
        let color =
          bar.classIndex.map { Colormap.tab10[$0 % Colormap.tab10.count] } ?? RGB(0.5, 0.5, 0.5)
        let length = min(1, max(0, bar.value)) * layout.barWidth
        let barHeight = 0.7 * layout.rowHeight
        if length > 0 {
          canvas.fill(
            Rect(
              x: layout.barX(panel), y: middle - barHeight / 2, width: max(length, 1),
              height: barHeight), color: color)
        }
        canvas.text(
          Self.valueText(bar.value),
          at: Point(x: layout.barX(panel) + length + layout.pad, y: middle),
          fontSize: Layout.fontSize, horizontal: .left, vertical: .center)
      }
      let labelled = ProbabilityBarsLayout.labelledTicks
      for (tick, label) in zip(labelled, TickLocator.labels(for: labelled)) {
        let x = layout.barX(panel) + tick * layout.barWidth
        canvas.axisAlignedLine(
          from: Point(x: x, y: barsBottom), to: Point(x: x, y: barsBottom + Layout.tickLength))
        canvas.text(
          label, at: Point(x: x, y: barsBottom + Layout.tickLength + Layout.tickPad),
          fontSize: Layout.fontSize, horizontal: .center, vertical: .top)
      }
    }
  }

  /// A probability as the bar's label: two decimals, and never "0.00" for a positive value.
  static func valueText(_ value: Double) -> String {
    if value > 0 && value < 0.005 { return "<0.01" }
    return cFormat("%.2f", value)
  }
}

/// Where the panels of a `ProbabilityBarsFigure` go, top to bottom and left to right.
struct ProbabilityBarsLayout {
  static let top = 10.0
  /// Grid lines of the shared scale, and those labelled under each panel.
  static let ticks = [0.0, 0.25, 0.5, 0.75, 1.0]
  static let labelledTicks = [0.0, 0.5, 1.0]
  static let margin = 20.0
  static let columnGap = 40.0

  var columns: Int
  var rows: Int
  var panelWidth: Double
  var panelHeight: Double
  var titleHeight: Double
  var rowHeight: Double
  var nameWidth: Double
  var valueWidth: Double
  var firstPanelTop: Double
  var pad: Double { 0.5 * Layout.fontSize }

  init(figure: ProbabilityBarsFigure, nameWidth: Double) {
    columns = figure.columns
    rows = (figure.probabilities.count + columns - 1) / max(1, columns)
    let width = figure.size.width
    panelWidth =
      (width - 2 * Self.margin - Double(columns - 1) * Self.columnGap) / Double(columns)
    titleHeight = 1.6 * Layout.fontSize
    rowHeight = 1.3 * Layout.fontSize
    self.nameWidth = min(nameWidth, 0.45 * panelWidth)
    valueWidth = 3 * Layout.fontSize
    let scaleHeight = Layout.tickLength + Layout.tickPad + 1.2 * Layout.fontSize
    panelHeight =
      titleHeight + Double(figure.barCount) * rowHeight + scaleHeight + 1.4 * Layout.fontSize
    firstPanelTop =
      Self.top + (figure.suptitle.isEmpty ? 0 : 2 * Layout.titleFontSize)
  }

  var figureHeight: Double {
    (firstPanelTop + Double(rows) * panelHeight + Self.margin).rounded(.up)
  }

  /// The `index`-th panel, row by row.
  func panel(_ index: Int) -> Rect {
    let row = index / columns
    let column = index % columns
    return Rect(
      x: Self.margin + Double(column) * (panelWidth + Self.columnGap),
      y: firstPanelTop + Double(row) * panelHeight, width: panelWidth, height: panelHeight)
  }

  func barX(_ panel: Rect) -> Double { panel.minX + nameWidth + pad }
  var barWidth: Double { panelWidth - nameWidth - pad - valueWidth }
}
