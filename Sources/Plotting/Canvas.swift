import CCairo

/// Where a figure is drawn: a Cairo context in figure coordinates (pixels at 100 dpi, y
/// downwards), whatever the surface behind it.
///
/// Figures describe what to draw through these few primitives, and the same calls produce
/// the PNG, the SVG and the PDF (the split of matplotlib's artists and `backend_cairo`).
/// The only difference between surfaces is pixel snapping, which raster surfaces do, as
/// matplotlib's Agg renderer does, so that one-pixel lines and image edges stay sharp.
final class Canvas {
  let context: CairoContext
  let size: FigureSize
  /// Whether coordinates are rounded to device pixels (raster surfaces only).
  let snapsToPixels: Bool
  /// Every string drawn, in drawing order; vector outputs carry it as searchable text.
  private(set) var texts: [String] = []
  /// The font size last set on the context.
  private var currentFontSize = 0.0

  init(context: CairoContext, size: FigureSize, snapsToPixels: Bool) throws(PlotError) {
    self.context = context
    self.size = size
    self.snapsToPixels = snapsToPixels
    try context.setTextRendering()
    context.selectFontFace()
    context.setLineCap(CAIRO_LINE_CAP_BUTT)
    context.setLineJoin(CAIRO_LINE_JOIN_MITER)
    try context.check("cairo_set_font_options")
  }

  // MARK: Snapping

  /// `x` moved to the nearest device pixel boundary (raster surfaces only).
  func snapEdgeX(_ x: Double) -> Double {
    guard snapsToPixels else { return x }
    let device = context.userToDevice(x, 0)
    return context.deviceToUser(device.x.rounded(), device.y).x
  }

  /// `y` moved to the nearest device pixel boundary (raster surfaces only).
  func snapEdgeY(_ y: Double) -> Double {
    guard snapsToPixels else { return y }
    let device = context.userToDevice(0, y)
    return context.deviceToUser(device.x, device.y.rounded()).y
  }

  /// `rect` with its edges on device pixel boundaries (raster surfaces only).
  func snapped(_ rect: Rect) -> Rect {
    let left = snapEdgeX(rect.minX)
    let top = snapEdgeY(rect.minY)
    return Rect(
      x: left, y: top, width: snapEdgeX(rect.maxX) - left, height: snapEdgeY(rect.maxY) - top)
  }

  /// The position of a line of `width` at `coordinate`, moved so that the line covers
  /// whole device pixels: onto a pixel centre when it is an odd number of pixels wide,
  /// onto a boundary when even (raster surfaces only).
  private func snapLine(_ coordinate: Double, width: Double, vertical: Bool) -> Double {
    guard snapsToPixels else { return coordinate }
    let device =
      vertical ? context.userToDevice(coordinate, 0) : context.userToDevice(0, coordinate)
    let deviceWidth =
      vertical
      ? context.userToDevice(width, 0).x - context.userToDevice(0, 0).x
      : context.userToDevice(0, width).y - context.userToDevice(0, 0).y
    let pixels = max(1, Int(abs(deviceWidth).rounded()))
    let value = vertical ? device.x : device.y
    let snappedValue = pixels % 2 == 1 ? value.rounded(.down) + 0.5 : value.rounded()
    if vertical {
      return context.deviceToUser(snappedValue, device.y).x
    }
    return context.deviceToUser(device.x, snappedValue).y
  }

  // MARK: Shapes

  /// Fills `rect` with a solid colour; raster surfaces snap its edges to pixels.
  func fill(_ rect: Rect, color: RGB, alpha: Double = 1) {
    let target = snapped(rect)
    context.setColor(color, alpha: alpha)
    context.rectangle(target.x, target.y, target.width, target.height)
    context.fill()
  }

  /// Strokes the outline of `rect` (the axes frame) with a line centred on its edges.
  func frame(_ rect: Rect, color: RGB = .black, width: Double = Layout.frameWidth) {
    let target = snapped(rect)
    let left = snapLine(target.minX, width: width, vertical: true)
    let right = snapLine(target.maxX, width: width, vertical: true)
    let top = snapLine(target.minY, width: width, vertical: false)
    let bottom = snapLine(target.maxY, width: width, vertical: false)
    context.setColor(color)
    context.setLineWidth(width)
    context.setDash([])
    context.rectangle(left, top, right - left, bottom - top)
    context.stroke()
  }

  /// A horizontal or vertical segment (tick marks), snapped to cover whole pixels.
  func axisAlignedLine(
    from start: Point, to end: Point, color: RGB = .black, width: Double = Layout.tickWidth
  ) {
    var a = start
    var b = end
    if start.x == end.x {
      a.x = snapLine(start.x, width: width, vertical: true)
      b.x = a.x
    } else if start.y == end.y {
      a.y = snapLine(start.y, width: width, vertical: false)
      b.y = a.y
    }
    context.setColor(color)
    context.setLineWidth(width)
    context.setDash([])
    context.moveTo(a.x, a.y)
    context.lineTo(b.x, b.y)
    context.stroke()
  }

  /// A polyline through `points` with round joins (data lines), optionally dashed.
  func polyline(
    _ points: [Point], color: RGB, width: Double, dash: [Double] = [], alpha: Double = 1
  ) {
    guard let first = points.first else { return }
    context.save()
    context.setColor(color, alpha: alpha)
    context.setLineWidth(width)
    context.setDash(dash)
    context.setLineJoin(CAIRO_LINE_JOIN_ROUND)
    context.setLineCap(dash.isEmpty ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT)
    context.moveTo(first.x, first.y)
    for point in points.dropFirst() {
      context.lineTo(point.x, point.y)
    }
    context.stroke()
    context.restore()
  }

  /// Fills the closed polygon through `points` (confidence bands).
  func fillPolygon(_ points: [Point], color: RGB, alpha: Double) {
    guard let first = points.first else { return }
    context.setColor(color, alpha: alpha)
    context.moveTo(first.x, first.y)
    for point in points.dropFirst() {
      context.lineTo(point.x, point.y)
    }
    context.closePath()
    context.fill()
  }

  /// A rounded rectangle, filled and outlined (the legend box).
  func roundedBox(_ rect: Rect, radius: Double, fill: RGB, fillAlpha: Double, edge: RGB) {
    let r = min(radius, rect.width / 2, rect.height / 2)
    context.newPath()
    context.arc(rect.maxX - r, rect.minY + r, radius: r, from: -Double.pi / 2, to: 0)
    context.arc(rect.maxX - r, rect.maxY - r, radius: r, from: 0, to: Double.pi / 2)
    context.arc(rect.minX + r, rect.maxY - r, radius: r, from: Double.pi / 2, to: Double.pi)
    context.arc(rect.minX + r, rect.minY + r, radius: r, from: Double.pi, to: 1.5 * Double.pi)
    context.closePath()
    context.setColor(fill, alpha: fillAlpha)
    context.fillPreserve()
    context.setColor(edge)
    context.setLineWidth(Layout.frameWidth)
    context.setDash([])
    context.stroke()
  }

  /// Restricts later drawing to `rect` until `body` returns.
  func clipped<Failure: Error>(
    to rect: Rect, _ body: () throws(Failure) -> Void
  ) throws(Failure) {
    context.save()
    defer { context.restore() }
    context.rectangle(rect.x, rect.y, rect.width, rect.height)
    context.clip()
    try body()
  }

  /// A filled circle (line markers).
  func dot(at center: Point, radius: Double, color: RGB) {
    context.newPath()
    context.arc(center.x, center.y, radius: radius, from: 0, to: 2 * Double.pi)
    context.setColor(color)
    context.fill()
  }

  // MARK: Text

  /// Draws a tick label at the tick label size.
  ///
  /// A power of ten is "10" with its exponent raised and shrunk as matplotlib's mathtext sets `10^{k}` in DejaVu Sans: 0.7 of the
  /// size, its baseline 845.8/2048 em above the main one (the font's `sup1`).
  @discardableResult
  func tickLabel(
    _ label: TickLabel, at anchor: Point, horizontal: HorizontalAlignment,
    vertical: VerticalAlignment
  ) -> Rect {
    let fontSize = Layout.fontSize
    switch label {
    case .plain(let text):
      return self.text(
        text, at: anchor, fontSize: fontSize, horizontal: horizontal, vertical: vertical)
    case .powerOfTen(let exponent):
      let exponentText = withUnicodeMinus(String(exponent))
      let exponentSize = 0.7 * fontSize
      let raise = 845.824 / 2048 * fontSize
      let gap = 0.05 * fontSize
      let base = measure("10", fontSize: fontSize).lines[0]
      let superscript = measure(exponentText, fontSize: exponentSize).lines[0]
      let width = base.inkWidth + gap + superscript.inkWidth
      // Box: from the raised exponent's top down to the base line's descent.
      let ascent = max(base.baseline, raise + superscript.baseline)
      let height = ascent + base.descent
      let block = TextBlock(
        lines: [
          TextBlock.Line(
            text: "", inkLeft: 0, inkWidth: width, baseline: ascent, descent: base.descent)
        ], fontSize: fontSize)
      let offset = block.anchorOffset(horizontal: horizontal, vertical: vertical)
      let left = anchor.x - offset.x
      let baseline = anchor.y - offset.y + ascent
      texts.append("10^\(exponentText)")
      context.setColor(.black)
      drawRun("10", fontSize: fontSize, x: left - base.inkLeft, y: baseline)
      drawRun(
        exponentText, fontSize: exponentSize,
        x: left + base.inkWidth + gap - superscript.inkLeft, y: baseline - raise)
      return Rect(x: left, y: baseline - ascent, width: width, height: height)
    }
  }

  /// Sets the font size, skipping the call when it is already in effect.
  private func setFontSize(_ size: Double) {
    guard size != currentFontSize else { return }
    context.setFontSize(size)
    currentFontSize = size
  }

  /// One run of text with its origin at `(x, y)`, snapped to whole device pixels on
  /// raster surfaces as Agg places text.
  private func drawRun(_ text: String, fontSize: Double, x: Double, y: Double) {
    setFontSize(fontSize)
    var origin = (x: x, y: y)
    if snapsToPixels {
      let device = context.userToDevice(x, y)
      origin = context.deviceToUser(device.x.rounded(), device.y.rounded())
    }
    context.moveTo(origin.x, origin.y)
    context.showText(text)
    context.newPath()
  }

  /// Measures `text` (lines split at "\n") at `fontSize` as matplotlib's `Text._get_layout`.
  func measure(_ text: String, fontSize: Double) -> TextBlock {
    setFontSize(fontSize)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let minimumAscent = FontMetrics.ascent * fontSize
    let minimumDescent = FontMetrics.descent * fontSize
    let halfGap = lines.count > 1 ? FontMetrics.lineGap * fontSize / 2 : 0
    var measured: [TextBlock.Line] = []
    var top = 0.0
    for line in lines {
      let extents = line.isEmpty ? cairo_text_extents_t() : context.textExtents(line)
      let inkAscent = -extents.y_bearing
      let inkDescent = extents.height + extents.y_bearing
      let ascent = max(inkAscent, minimumAscent) + halfGap
      let descent = max(inkDescent, minimumDescent) + halfGap
      measured.append(
        TextBlock.Line(
          text: line, inkLeft: extents.x_bearing, inkWidth: extents.width,
          baseline: top + ascent, descent: descent))
      top += ascent + descent
    }
    return TextBlock(lines: measured, fontSize: fontSize)
  }

  /// Draws `text` aligned on `anchor` as matplotlib aligns a `Text` (multi-line text is
  /// aligned line by line like the block), and returns its layout box.
  ///
  /// With `rotated` the text reads upwards (90 degrees), aligned in its own frame before
  /// turning, as matplotlib's `rotation_mode="anchor"` does for y-axis labels.
  @discardableResult
  func text(
    _ text: String, at anchor: Point, fontSize: Double, color: RGB = .black,
    horizontal: HorizontalAlignment = .left, vertical: VerticalAlignment = .baseline,
    rotated: Bool = false
  ) -> Rect {
    let block = measure(text, fontSize: fontSize)
    let offset = block.anchorOffset(horizontal: horizontal, vertical: vertical)
    texts.append(text)
    context.setColor(color)
    for line in block.lines where !line.text.isEmpty {
      let lineLeft: Double
      switch horizontal {
      case .left: lineLeft = 0
      case .center: lineLeft = (block.width - line.inkWidth) / 2
      case .right: lineLeft = block.width - line.inkWidth
      }
      let localX = lineLeft - line.inkLeft - offset.x
      let localY = line.baseline - offset.y
      if rotated {
        context.save()
        context.translate(anchor.x, anchor.y)
        context.rotate(-Double.pi / 2)
        context.moveTo(localX, localY)
        context.showText(line.text)
        context.restore()
      } else {
        drawRun(line.text, fontSize: fontSize, x: anchor.x + localX, y: anchor.y + localY)
      }
    }
    context.newPath()
    if rotated {
      // Local (x, y) maps to (anchor.x + y, anchor.y - x).
      return Rect(
        x: anchor.x - offset.y, y: anchor.y - (block.width - offset.x),
        width: block.height, height: block.width)
    }
    return Rect(
      x: anchor.x - offset.x, y: anchor.y - offset.y, width: block.width, height: block.height)
  }
}

@available(*, unavailable)
extension Canvas: Sendable {}
