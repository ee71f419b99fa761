/// matplotlib's default sizes (rcParams) converted to figure pixels at 100 dpi.
///
/// Figures are laid out in pixels of a 100 dpi figure, matplotlib's default: a 6.4 x 4.8
/// inch figure is 640 x 480 units. A PNG at `scale` s has s pixels per unit; SVG and PDF
/// have 0.72 points per unit, so their pages measure the same inches as matplotlib's.
enum Layout {
  /// Figure resolution the layout is expressed in.
  static let dpi = 100.0

  /// Length in figure pixels of `points` typographic points (1/72 inch).
  static func points(_ points: Double) -> Double { points * dpi / 72 }

  /// `font.size` 10 pt: tick labels, axis labels, annotations, legend.
  static let fontSize = points(10)
  /// "large" (12 pt): axes titles and the figure's suptitle.
  static let titleFontSize = points(12)
  /// `axes.linewidth` 0.8 pt: the frame (spines).
  static let frameWidth = points(0.8)
  /// `xtick.major.size` 3.5 pt: tick mark length.
  static let tickLength = points(3.5)
  /// `xtick.major.width` 0.8 pt.
  static let tickWidth = points(0.8)
  /// `xtick.major.pad` 3.5 pt: between a tick mark and its label.
  static let tickPad = points(3.5)
  /// `axes.labelpad` 4 pt: between tick labels and the axis label.
  static let labelPad = points(4)
  /// `axes.titlepad` 6 pt: between the axes top and the title's baseline.
  static let titlePad = points(6)
  /// `lines.linewidth` 1.5 pt.
  static let lineWidth = points(1.5)

  /// The default subplot area (`figure.subplot.*`) as fractions of the figure, measured
  /// from the top left: left 0.125, right 0.9, top 1 - 0.88, bottom 1 - 0.11.
  static func subplotArea(_ size: FigureSize) -> Rect {
    Rect(
      x: 0.125 * size.width, y: 0.12 * size.height, width: 0.775 * size.width,
      height: 0.77 * size.height)
  }

  /// `figure.subplot.wspace` and `hspace`: gaps between subplots as a fraction of the
  /// average subplot width or height.
  static let subplotSpacing = 0.2
}

/// DejaVu Sans vertical metrics, from its OS/2 table.
///
/// Units per em 2048: typographic ascender 1556, descender -492, line gap 410. matplotlib 3.11 uses them as the least
/// ascent and descent of every text line, so that lines without ascenders or descenders
/// take the same height.
enum FontMetrics {
  static let ascent = 1556.0 / 2048
  static let descent = 492.0 / 2048
  static let lineGap = 410.0 / 2048
}
