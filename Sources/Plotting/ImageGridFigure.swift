/// A grid of small gray-scale images with a title over each and a title over all, drawn
/// as `imshow(image, cmap=plt.cm.gray_r)` in `add_subplot` axes with no ticks, under a
/// `suptitle` (scikit-learn's "most uncertain digits" figure).
///
/// Each image is scaled to its own minimum and maximum (white to black), as `imshow`
/// does; a constant image is white (matplotlib's `Normalize` maps everything to 0 when
/// `vmin == vmax`). Pixels are drawn as sharp squares.
public struct ImageGridFigure: Figure, CanvasFigure {
  /// Row-major pixel values, `imageHeight * imageWidth` per image.
  public var images: [[Double]]
  public var imageHeight: Int
  public var imageWidth: Int
  /// One title per image ("\n" starts a second line), or none at all.
  public var titles: [String]
  public var suptitle: String
  /// An optional colour per title, black by default.
  ///
  /// Red, for example, marks a wrong prediction.
  public var titleColors: [RGB]?
  /// Images per row; by default the count that makes the images largest (2 x 5 for 10).
  public var columns: Int?
  public var size: FigureSize
  /// The example's subplot grid, or rows that grow (see `gallery`).
  public var arrangement: Arrangement = .subplots

  public init(
    images: [[Double]], imageHeight: Int, imageWidth: Int, titles: [String],
    suptitle: String = "Learning with small amount of labeled data",
    titleColors: [RGB]? = nil, columns: Int? = nil,
    size: FigureSize = FigureSize(width: 700, height: 500)
  ) {
    self.images = images
    self.imageHeight = imageHeight
    self.imageWidth = imageWidth
    self.titles = titles
    self.suptitle = suptitle
    self.titleColors = titleColors
    self.columns = columns
    self.size = size
  }

  public func render(
    as format: FigureFormat, scale: Double = 1, metadata: FigureMetadata = FigureMetadata()
  ) throws(PlotError) -> [UInt8] {
    try renderFigure(as: format, scale: scale, metadata: metadata)
  }

  var accessibleTitle: String { suptitle.isEmpty ? "Image grid" : suptitle }

  func validate() throws(PlotError) {
    guard !images.isEmpty else { throw PlotError.invalid("there are no images to show") }
    guard imageHeight > 0, imageWidth > 0 else {
      throw PlotError.invalid("images must be at least 1 x 1, got \(imageHeight) x \(imageWidth)")
    }
    let pixels = imageHeight.multipliedReportingOverflow(by: imageWidth)
    guard !pixels.overflow, pixels.partialValue <= 1 << 24 else {
      throw PlotError.invalid("images of \(imageHeight) x \(imageWidth) pixels are too large")
    }
    for (index, image) in images.enumerated() {
      guard image.count == pixels.partialValue else {
        throw PlotError.invalid(
          "image \(index) has \(image.count) values, expected \(imageHeight) x \(imageWidth)")
      }
      if let bad = image.firstIndex(where: { !$0.isFinite }) {
        throw PlotError.invalid("image \(index) has a non-finite value at pixel \(bad)")
      }
    }
    guard titles.isEmpty || titles.count == images.count else {
      throw PlotError.invalid("\(titles.count) titles for \(images.count) images")
    }
    if let titleColors {
      guard titleColors.count == images.count else {
        throw PlotError.invalid("\(titleColors.count) title colours for \(images.count) images")
      }
      guard titleColors.allSatisfy(\.isFinite) else {
        throw PlotError.invalid("title colours must be finite")
      }
    }
    if let columns, columns < 1 {
      throw PlotError.invalid("columns must be at least 1, got \(columns)")
    }
    if case .rows(let columns) = arrangement, columns < 1 {
      throw PlotError.invalid("rows must hold at least 1 image, got \(columns)")
    }
  }

  func draw(on canvas: Canvas) throws(PlotError) {
    let titleHeight = titleHeight(on: canvas)
    let imageRect: (Int) -> Rect
    switch arrangement {
    case .subplots:
      var suptitleBottom = 0.0
      if !suptitle.isEmpty {
        // `fig.suptitle`: x = 0.5, y = 0.98 of the figure, aligned by its top.
        suptitleBottom =
          canvas.text(
            suptitle, at: Point(x: size.width / 2, y: 0.02 * size.height),
            fontSize: Layout.titleFontSize, horizontal: .center, vertical: .top
          ).maxY
      }
      guard
        let grid = ImageGridLayout(
          count: images.count, imageAspect: Double(imageHeight) / Double(imageWidth),
          area: Layout.subplotArea(size), reservedAbove: titleHeight, topLimit: suptitleBottom,
          columns: columns)
      else {
        throw PlotError.invalid(
          "\(images.count) images with titles do not fit in a \(size.width) x \(size.height) figure"
        )
      }
      imageRect = grid.imageRect
    case .rows(let columns):
      if !suptitle.isEmpty {
        canvas.text(
          suptitle, at: Point(x: size.width / 2, y: ImageRowsLayout.suptitleTop),
          fontSize: Layout.titleFontSize, horizontal: .center, vertical: .top)
      }
      let layout = ImageRowsLayout(
        count: images.count, columns: columns,
        imageAspect: Double(imageHeight) / Double(imageWidth), figureWidth: size.width,
        suptitleBottom: suptitleBottom(on: canvas, top: ImageRowsLayout.suptitleTop),
        titleHeight: titleHeight)
      guard layout.figureHeight <= size.height + 1 else {
        throw PlotError.invalid(
          "\(images.count) images in rows of \(columns) need a figure \(layout.figureHeight) "
            + "pixels high, not \(size.height)")
      }
      imageRect = layout.imageRect
    }
    let gray = Colormap.grayReversed
    for (index, image) in images.enumerated() {
      let rect = imageRect(index)
      let norm = LinearNormalization(containing: image) ?? LinearNormalization(vmin: 0, vmax: 0)
      try canvas.raster(columns: imageWidth, rows: imageHeight, in: rect) { row, column in
        gray(norm(image[row * imageWidth + column]))
      }
      canvas.frame(rect)
      if !titles.isEmpty, !titles[index].isEmpty {
        canvas.text(
          titles[index], at: Point(x: rect.midX, y: rect.minY - Layout.titlePad),
          fontSize: Layout.titleFontSize, color: titleColors?[index] ?? .black,
          horizontal: .center, vertical: .baseline)
      }
    }
  }
}

/// Subplot cells as `fig.add_subplot(rows, columns, i)` places them (subplot area, spacing
/// 0.2), each image centred in its cell at the aspect of its pixels, shrunk if need be so
/// that the titles above fit between the rows and below the suptitle.
struct ImageGridLayout {
  var rows: Int
  var columns: Int
  var cellWidth: Double
  var cellHeight: Double
  var imageWidth: Double
  var imageHeight: Double
  var area: Rect

  /// The best grid for `count` images, or the one with `columns` if given; `nil` if the
  /// images cannot be given a positive size.
  init?(
    count: Int, imageAspect: Double, area: Rect, reservedAbove: Double, topLimit: Double,
    columns: Int?
  ) {
    let candidates = columns.map { [$0] } ?? Array(1...count)
    var best: ImageGridLayout?
    for columnCount in candidates {
      let rowCount = (count + columnCount - 1) / columnCount
      let candidate = ImageGridLayout(
        rows: rowCount, columns: columnCount, imageAspect: imageAspect, area: area,
        reservedAbove: reservedAbove, topLimit: topLimit)
      guard candidate.imageWidth > 0 else { continue }
      if let current = best {
        let larger = candidate.imageWidth > current.imageWidth * (1 + 1e-9)
        let asLarge = candidate.imageWidth >= current.imageWidth * (1 - 1e-9)
        let lessWaste = rowCount * columnCount < current.rows * current.columns
        if larger || (asLarge && lessWaste) {
          best = candidate
        }
      } else {
        best = candidate
      }
    }
    guard let best else { return nil }
    self = best
  }

  private init(
    rows: Int, columns: Int, imageAspect: Double, area: Rect, reservedAbove: Double,
    topLimit: Double
  ) {
    self.rows = rows
    self.columns = columns
    self.area = area
    let spacing = Layout.subplotSpacing
    cellWidth = area.width / (Double(columns) + spacing * Double(columns - 1))
    cellHeight = area.height / (Double(rows) + spacing * Double(rows - 1))
    var height = min(cellHeight, cellWidth * imageAspect)
    if reservedAbove > 0 {
      // Between rows: half the spare height of each cell plus the gap.
      if rows > 1 {
        height = min(height, cellHeight + spacing * cellHeight - reservedAbove)
      }
      // Above the first row: down from the suptitle (or the figure's top edge).
      height = min(height, cellHeight - 2 * (topLimit + reservedAbove - area.minY))
    }
    imageHeight = max(0, height)
    imageWidth = imageHeight / imageAspect
  }

  /// The image of the `index`-th subplot, row by row from the top left.
  func imageRect(_ index: Int) -> Rect {
    let row = index / columns
    let column = index % columns
    let spacing = Layout.subplotSpacing
    let cellX = area.minX + Double(column) * cellWidth * (1 + spacing)
    let cellY = area.minY + Double(row) * cellHeight * (1 + spacing)
    return Rect(
      x: cellX + (cellWidth - imageWidth) / 2, y: cellY + (cellHeight - imageHeight) / 2,
      width: imageWidth, height: imageHeight)
  }
}
