/// Line plots of several series on one axes, with an optional shaded band per series, a
/// legend and linear or logarithmic axes: `ax.plot` and `ax.fill_between` with matplotlib's
/// defaults (residuals per iteration, learning curves).
///
/// Series take the tab10 colours in order and, so that they stay apart in gray scale,
/// the line styles solid, dashed, dotted and dash-dot in turn.
public struct LineChartFigure: Figure, CanvasFigure {
  /// The dash pattern of a line, as matplotlib's `linestyle`.
  public enum LineStyle: String, Sendable, CaseIterable {
    case solid
    case dashed
    case dotted
    case dashDot

    /// On and off lengths in figure pixels for a line `width` wide: matplotlib's
    /// `lines.*_pattern` scaled by the line width (`lines.scale_dashes`).
    func dashes(width: Double) -> [Double] {
      switch self {
      case .solid: return []
      case .dashed: return [3.7, 1.6].map { $0 * width }
      case .dotted: return [1, 1.65].map { $0 * width }
      case .dashDot: return [6.4, 1.6, 1, 1.6].map { $0 * width }
      }
    }
  }

  /// A shaded range around a series, one `lower` and `upper` value per x.
  public struct Band: Sendable, Equatable {
    public var lower: [Double]
    public var upper: [Double]

    public init(lower: [Double], upper: [Double]) {
      self.lower = lower
      self.upper = upper
    }
  }

  /// One line: its points in drawing order, its legend label and optional band.
  public struct Series: Sendable, Equatable {
    public var label: String
    public var x: [Double]
    public var y: [Double]
    public var band: Band?
    /// By default the style of the series' position (solid, dashed, dotted, dash-dot).
    public var style: LineStyle?
    /// By default the tab10 colour of the series' position.
    public var color: RGB?
    /// Whether to mark each point (useful for a few points).
    public var markers: Bool
    /// By default the shape of the series' position (circle, square, triangle, diamond).
    public var marker: MarkerShape?

    public init(
      label: String, x: [Double], y: [Double], band: Band? = nil, style: LineStyle? = nil,
      color: RGB? = nil, markers: Bool = false, marker: MarkerShape? = nil
    ) {
      self.marker = marker
      self.label = label
      self.x = x
      self.y = y
      self.band = band
      self.style = style
      self.color = color
      self.markers = markers
    }
  }

  /// Where the legend goes inside the axes.
  public enum LegendLocation: String, Sendable, CaseIterable {
    /// The corner or edge position that covers the fewest data points and lines.
    case best
    case upperRight
    case upperLeft
    case lowerLeft
    case lowerRight
    case none
  }

  public var series: [Series]
  public var title: String?
  public var xLabel: String
  public var yLabel: String
  public var xScale: AxisScale
  public var yScale: AxisScale
  public var legend: LegendLocation
  public var size: FigureSize
  /// Where the labelled ticks go on each axis.
  public var xTicks = TickChoice.automatic
  public var yTicks = TickChoice.automatic

  public init(
    series: [Series], title: String? = nil, xLabel: String = "", yLabel: String = "",
    xScale: AxisScale = .linear, yScale: AxisScale = .linear, legend: LegendLocation = .best,
    size: FigureSize = .matplotlibDefault
  ) {
    self.series = series
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.xScale = xScale
    self.yScale = yScale
    self.legend = legend
    self.size = size
  }

  public func render(
    as format: FigureFormat, scale: Double = 1, metadata: FigureMetadata = FigureMetadata()
  ) throws(PlotError) -> [UInt8] {
    try renderFigure(as: format, scale: scale, metadata: metadata)
  }

  var accessibleTitle: String { title ?? "Line chart" }

  func validate() throws(PlotError) {
    guard !series.isEmpty else { throw PlotError.invalid("a line chart needs at least one series") }
    for (index, line) in series.enumerated() {
      let name = line.label.isEmpty ? "series \(index)" : "series \(index) (\(line.label))"
      guard !line.x.isEmpty, line.x.count == line.y.count else {
        throw PlotError.invalid("\(name) has \(line.x.count) x and \(line.y.count) y values")
      }
      guard line.x.allSatisfy(\.isFinite), line.y.allSatisfy(\.isFinite) else {
        throw PlotError.invalid("\(name) has a NaN or infinite value")
      }
      if let band = line.band {
        guard band.lower.count == line.x.count, band.upper.count == line.x.count else {
          throw PlotError.invalid("the band of \(name) needs one lower and upper value per x")
        }
        guard band.lower.allSatisfy(\.isFinite), band.upper.allSatisfy(\.isFinite) else {
          throw PlotError.invalid("the band of \(name) has a NaN or infinite value")
        }
      }
      if let color = line.color, !color.isFinite {
        throw PlotError.invalid("the colour of \(name) is not finite")
      }
    }
    if xScale == .log, !series.contains(where: { $0.x.contains { $0 > 0 } }) {
      throw PlotError.invalid("a logarithmic x axis needs at least one positive x")
    }
    if yScale == .log, !series.contains(where: { $0.y.contains { $0 > 0 } }) {
      throw PlotError.invalid("a logarithmic y axis needs at least one positive y")
    }
  }

  /// Whether a value can be shown on an axis of `scale`.
  private static func shows(_ value: Double, on scale: AxisScale) -> Bool {
    scale == .linear || value > 0
  }

  func draw(on canvas: Canvas) throws(PlotError) {
    let axes = Layout.subplotArea(size)
    var xValues: [Double] = []
    var yValues: [Double] = []
    for line in series {
      for index in line.x.indices where Self.shows(line.x[index], on: xScale) {
        let ys = [line.y[index]] + (line.band.map { [$0.lower[index], $0.upper[index]] } ?? [])
        let visible = ys.filter { Self.shows($0, on: yScale) }
        if !visible.isEmpty { xValues.append(line.x[index]) }
        yValues += visible
      }
    }
    let xAxis = ScaledAxis(
      values: xValues, scale: xScale, length: axes.width, labelSpacingFactor: 3, ticks: xTicks)
    let yAxis = ScaledAxis(
      values: yValues, scale: yScale, length: axes.height, labelSpacingFactor: 2, ticks: yTicks)
    func point(_ x: Double, _ y: Double) -> Point {
      Point(
        x: axes.minX + xAxis.fraction(of: x) * axes.width,
        y: axes.maxY - yAxis.fraction(of: y) * axes.height)
    }

    // Data, clipped to the axes; `paths` keeps what the legend should avoid.
    var paths: [[Point]] = []
    let coincident = coincidentSeries(place: { point($0, $1) })
    canvas.clipped(to: axes) {
      for (index, line) in series.enumerated() {
        let color = line.color ?? Colormap.tab10[index % Colormap.tab10.count]
        if let band = line.band {
          let shown = line.x.indices.filter {
            Self.shows(line.x[$0], on: xScale) && Self.shows(band.lower[$0], on: yScale)
              && Self.shows(band.upper[$0], on: yScale)
          }
          let upper = shown.map { point(line.x[$0], band.upper[$0]) }
          let lower = shown.reversed().map { point(line.x[$0], band.lower[$0]) }
          canvas.fillPolygon(upper + lower, color: color, alpha: 0.2)
          paths += [upper, lower]
        }
      }
      for (index, line) in series.enumerated() {
        let color = line.color ?? Colormap.tab10[index % Colormap.tab10.count]
        let style = line.style ?? LineStyle.allCases[index % LineStyle.allCases.count]
        // A point the scale cannot show breaks the line, as a masked value does.
        var runs: [[Point]] = [[]]
        for position in line.x.indices {
          if Self.shows(line.x[position], on: xScale) && Self.shows(line.y[position], on: yScale) {
            runs[runs.count - 1].append(point(line.x[position], line.y[position]))
          } else if !runs[runs.count - 1].isEmpty {
            runs.append([])
          }
        }
        for run in runs where !run.isEmpty {
          canvas.polyline(
            run, color: color, width: Layout.lineWidth, dash: style.dashes(width: Layout.lineWidth))
          if line.markers {
            for vertex in run {
              canvas.marker(
                markerShape(index), at: vertex, radius: markerRadius(index, coincident: coincident),
                color: color)
            }
          }
          paths.append(run)
        }
      }
    }
    canvas.frame(axes)

    // Ticks: outward, on the bottom and left spines.
    let labelOffset = Layout.tickLength + Layout.tickPad
    var xLabelsBox = Rect(x: axes.midX, y: axes.maxY + labelOffset, width: 0, height: 0)
    for tick in xAxis.minorTicks {
      let x = axes.minX + xAxis.tickFraction(tick) * axes.width
      canvas.axisAlignedLine(
        from: Point(x: x, y: axes.maxY), to: Point(x: x, y: axes.maxY + Layout.points(2)),
        width: Layout.points(0.6))
    }
    let xCenters = xAxis.majorTicks.map { axes.minX + xAxis.tickFraction($0.value) * axes.width }
    let xLabelled = canvas.nonOverlappingLabels(xAxis.majorTicks.map(\.label), centers: xCenters)
    for ((_, label), (x, labelled)) in zip(xAxis.majorTicks, zip(xCenters, xLabelled)) {
      canvas.axisAlignedLine(
        from: Point(x: x, y: axes.maxY), to: Point(x: x, y: axes.maxY + Layout.tickLength))
      guard labelled else { continue }
      xLabelsBox = xLabelsBox.union(
        canvas.tickLabel(
          label, at: Point(x: x, y: axes.maxY + labelOffset), horizontal: .center, vertical: .top))
    }
    var yLabelsBox = Rect(x: axes.minX - labelOffset, y: axes.midY, width: 0, height: 0)
    for tick in yAxis.minorTicks {
      let y = axes.maxY - yAxis.tickFraction(tick) * axes.height
      canvas.axisAlignedLine(
        from: Point(x: axes.minX - Layout.points(2), y: y), to: Point(x: axes.minX, y: y),
        width: Layout.points(0.6))
    }
    for (tick, label) in yAxis.majorTicks {
      let y = axes.maxY - yAxis.tickFraction(tick) * axes.height
      canvas.axisAlignedLine(
        from: Point(x: axes.minX - Layout.tickLength, y: y), to: Point(x: axes.minX, y: y))
      yLabelsBox = yLabelsBox.union(
        canvas.tickLabel(
          label, at: Point(x: axes.minX - labelOffset, y: y), horizontal: .right,
          vertical: .centerBaseline))
    }
    if !xLabel.isEmpty {
      canvas.text(
        xLabel, at: Point(x: axes.midX, y: xLabelsBox.maxY + Layout.labelPad),
        fontSize: Layout.fontSize, horizontal: .center, vertical: .top)
    }
    if !yLabel.isEmpty {
      canvas.text(
        yLabel, at: Point(x: yLabelsBox.minX - Layout.labelPad, y: axes.midY),
        fontSize: Layout.fontSize, horizontal: .center, vertical: .bottom, rotated: true)
    }
    if let title, !title.isEmpty {
      canvas.text(
        title, at: Point(x: axes.midX, y: axes.minY - Layout.titlePad),
        fontSize: Layout.titleFontSize, horizontal: .center, vertical: .baseline)
    }
    drawLegend(on: canvas, axes: axes, paths: paths, coincident: coincident)
  }

  /// The legend: a rounded, translucent white box with a short line in each series' style
  /// and its label, sized in font-size units as matplotlib's defaults (border pad 0.4,
  /// handle length 2, handle-text pad 0.8, label spacing 0.5, axes pad 0.5).
  private func drawLegend(
    on canvas: Canvas, axes: Rect, paths: [[Point]], coincident: [Int?]
  ) {
    let entries = series.enumerated().filter { !$0.element.label.isEmpty }
    guard legend != .none, !entries.isEmpty else { return }
    let fontSize = Layout.fontSize
    let labels = entries.map { legendLabel($0.offset, coincident: coincident) }
    let blocks = labels.map { canvas.measure($0, fontSize: fontSize) }
    // A row is one font size high per line of its label.
    let rowHeights = labels.map { fontSize * Double($0.split(separator: "\n").count) }
    let textWidth = blocks.map(\.width).max() ?? 0
    let handleLength = 2 * fontSize
    let width = (0.4 * 2 + 0.8) * fontSize + handleLength + textWidth
    let height =
      0.4 * 2 * fontSize + rowHeights.reduce(0, +) + Double(entries.count - 1) * 0.5 * fontSize
    let inset = 0.5 * fontSize
    func box(_ location: LegendLocation) -> Rect {
      let left = axes.minX + inset
      let right = axes.maxX - inset - width
      let top = axes.minY + inset
      let bottom = axes.maxY - inset - height
      switch location {
      case .upperLeft: return Rect(x: left, y: top, width: width, height: height)
      case .lowerLeft: return Rect(x: left, y: bottom, width: width, height: height)
      case .lowerRight: return Rect(x: right, y: bottom, width: width, height: height)
      default: return Rect(x: right, y: top, width: width, height: height)
      }
    }
    var frame = box(legend)
    if legend == .best {
      // matplotlib's "best": the first candidate covering the fewest vertices and segments.
      let candidates: [LegendLocation] = [.upperRight, .upperLeft, .lowerLeft, .lowerRight]
      var fewest = Int.max
      for candidate in candidates {
        let rect = box(candidate)
        let badness = paths.reduce(0) { $0 + LegendPlacement.overlap(of: $1, with: rect) }
        if badness < fewest {
          fewest = badness
          frame = rect
        }
      }
    }
    canvas.roundedBox(
      frame, radius: 0.2 * fontSize, fill: .white, fillAlpha: 0.8, edge: RGB(0.8, 0.8, 0.8))
    var rowTop = frame.minY + 0.4 * fontSize
    for ((index, line), (label, rowHeight)) in zip(entries, zip(labels, rowHeights)) {
      let color = line.color ?? Colormap.tab10[index % Colormap.tab10.count]
      let style = line.style ?? LineStyle.allCases[index % LineStyle.allCases.count]
      let middle = rowTop + fontSize / 2
      let handleStart = frame.minX + 0.4 * fontSize
      canvas.polyline(
        [Point(x: handleStart, y: middle), Point(x: handleStart + handleLength, y: middle)],
        color: color, width: Layout.lineWidth, dash: style.dashes(width: Layout.lineWidth))
      if line.markers {
        canvas.marker(
          markerShape(index), at: Point(x: handleStart + handleLength / 2, y: middle),
          radius: markerRadius(index, coincident: coincident), color: color)
      }
      canvas.text(
        label, at: Point(x: handleStart + handleLength + 0.8 * fontSize, y: rowTop + rowHeight / 2),
        fontSize: fontSize, horizontal: .left, vertical: .center)
      rowTop += rowHeight + 0.5 * fontSize
    }
  }
}

/// The overlap measure behind the legend's "best" location.
enum LegendPlacement {
  /// Vertices of `path` inside `rect` plus segments of it that cross `rect`.
  static func overlap(of path: [Point], with rect: Rect) -> Int {
    var count = path.filter { contains(rect, $0) }.count
    for (start, end) in zip(path, path.dropFirst()) where segment(start, end, crosses: rect) {
      count += 1
    }
    return count
  }

  static func contains(_ rect: Rect, _ point: Point) -> Bool {
    point.x >= rect.minX && point.x <= rect.maxX && point.y >= rect.minY && point.y <= rect.maxY
  }

  /// Whether the segment meets the rectangle (Liang-Barsky clipping).
  static func segment(_ start: Point, _ end: Point, crosses rect: Rect) -> Bool {
    var entering = 0.0
    var leaving = 1.0
    let dx = end.x - start.x
    let dy = end.y - start.y
    let edges = [
      (-dx, start.x - rect.minX), (dx, rect.maxX - start.x),
      (-dy, start.y - rect.minY), (dy, rect.maxY - start.y),
    ]
    for (p, q) in edges {
      if p == 0 {
        if q < 0 { return false }
      } else {
        let t = q / p
        if p < 0 {
          entering = max(entering, t)
        } else {
          leaving = min(leaving, t)
        }
        if entering > leaving { return false }
      }
    }
    return true
  }
}
