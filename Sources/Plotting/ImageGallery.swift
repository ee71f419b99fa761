/// Galleries of any number of images: the example's figure while it holds them, else rows
/// that fit their titles in a figure as tall as the rows need.
extension ImageGridFigure {
  /// How the images are placed.
  public enum Arrangement: Sendable, Equatable {
    /// matplotlib's `add_subplot` grid in the figure's fixed size (the example's 2 x 5).
    case subplots
    /// `columns` images per row from the top, each under its title; the figure's height must
    /// be at least `ImageGridFigure.gallery`'s.
    case rows(columns: Int)
  }

  /// Images the example's 700 x 500 figure holds: two rows of five.
  public static let subplotCapacity = 10
  /// Most images in a row of a gallery, as in the example.
  public static let galleryColumns = 5

  /// A gallery of `images` whose images keep the example's size and whose titles never
  /// overlap, however many there are.
  ///
  /// Up to ten images with titles that fit five to a row, it is the example's 700 x 500
  /// figure. Otherwise up to five images a row (fewer when the titles are wider), rows
  /// as many as needed, and the figure as tall as they are.
  public static func gallery(
    images: [[Double]], imageHeight: Int, imageWidth: Int, titles: [String],
    suptitle: String = "Learning with small amount of labeled data", titleColors: [RGB]? = nil
  ) throws(PlotError) -> ImageGridFigure {
    var figure = ImageGridFigure(
      images: images, imageHeight: imageHeight, imageWidth: imageWidth, titles: titles,
      suptitle: suptitle, titleColors: titleColors)
    guard imageHeight > 0, imageWidth > 0, !images.isEmpty else { return figure }
    let width = figure.size.width
    let (titleWidth, suptitleBottom, titleHeight) = try Canvas.measuring { canvas in
      (
        titles.map { canvas.measure($0, fontSize: Layout.titleFontSize).width }.max() ?? 0,
        figure.suptitleBottom(on: canvas, top: ImageRowsLayout.suptitleTop),
        figure.titleHeight(on: canvas)
      )
    }
    let columns = ImageRowsLayout.columns(
      titleWidth: titleWidth, figureWidth: width, limit: min(galleryColumns, images.count))
    if images.count <= subplotCapacity && columns == min(galleryColumns, images.count) {
      return figure
    }
    let layout = ImageRowsLayout(
      count: images.count, columns: columns,
      imageAspect: Double(imageHeight) / Double(imageWidth), figureWidth: width,
      suptitleBottom: suptitleBottom, titleHeight: titleHeight)
    figure.arrangement = .rows(columns: columns)
    figure.size = FigureSize(width: width, height: layout.figureHeight.rounded(.up))
    return figure
  }

  /// The bottom of the suptitle drawn with its top at `top` (0 without one).
  func suptitleBottom(on canvas: Canvas, top: Double) -> Double {
    guard !suptitle.isEmpty else { return 0 }
    let block = canvas.measure(suptitle, fontSize: Layout.titleFontSize)
    return top + block.height
  }

  /// Room a title needs above its image: the pad plus the lines down to the last baseline.
  func titleHeight(on canvas: Canvas) -> Double {
    titles.map { title in
      title.isEmpty
        ? 0 : canvas.measure(title, fontSize: Layout.titleFontSize).lines.last!.baseline
    }.max().map { $0 > 0 ? $0 + Layout.titlePad : 0 } ?? 0
  }
}

/// Rows of images under their titles, from the top of a figure as tall as they need.
///
/// Columns are placed as `add_subplot` places them across the subplot area (spacing 0.2 of
/// a cell); each row is its titles' height, the image, and the gap between cells.
struct ImageRowsLayout {
  /// The suptitle's top, as in the example's 500-pixel-high figure (0.02 of it).
  static let suptitleTop = 10.0
  /// Largest image side: a gallery of one or two stays a gallery, not a poster.
  static let largestSide = 160.0

  var columns: Int
  var rows: Int
  var cellWidth: Double
  var imageWidth: Double
  var imageHeight: Double
  var left: Double
  /// Top of the first row's images.
  var firstImageTop: Double
  var titleHeight: Double

  /// The most columns, up to `limit`, whose titles of `titleWidth` keep a small gap between
  /// them; at least one.
  static func columns(titleWidth: Double, figureWidth: Double, limit: Int) -> Int {
    let areaWidth = 0.775 * figureWidth
    let gap = 0.3 * Layout.titleFontSize
    var columns = max(1, limit)
    while columns > 1 {
      let pitch = cellWidth(areaWidth: areaWidth, columns: columns) * (1 + Layout.subplotSpacing)
      if pitch >= titleWidth + gap { break }
      columns -= 1
    }
    return columns
  }

  static func cellWidth(areaWidth: Double, columns: Int) -> Double {
    areaWidth / (Double(columns) + Layout.subplotSpacing * Double(columns - 1))
  }

  init(
    count: Int, columns: Int, imageAspect: Double, figureWidth: Double, suptitleBottom: Double,
    titleHeight: Double
  ) {
    self.columns = max(1, columns)
    rows = (count + self.columns - 1) / self.columns
    left = 0.125 * figureWidth
    cellWidth = Self.cellWidth(areaWidth: 0.775 * figureWidth, columns: self.columns)
    imageWidth = min(cellWidth, Self.largestSide, Self.largestSide / imageAspect)
    imageHeight = imageWidth * imageAspect
    self.titleHeight = titleHeight
    firstImageTop = suptitleBottom + Layout.subplotSpacing * cellWidth / 2 + titleHeight
  }

  /// Between one row's images and the next row's titles: the subplots' spacing.
  var gap: Double { Layout.subplotSpacing * cellWidth }

  /// From one row's image tops to the next's.
  var rowPitch: Double { imageHeight + gap + titleHeight }

  /// The figure height the rows need, with a gap below the last.
  var figureHeight: Double {
    firstImageTop + Double(rows - 1) * rowPitch + imageHeight + gap
  }

  /// The `index`-th image, row by row from the top left, centred in its cell.
  func imageRect(_ index: Int) -> Rect {
    let row = index / columns
    let column = index % columns
    let cellX = left + Double(column) * cellWidth * (1 + Layout.subplotSpacing)
    return Rect(
      x: cellX + (cellWidth - imageWidth) / 2, y: firstImageTop + Double(row) * rowPitch,
      width: imageWidth, height: imageHeight)
  }
}
