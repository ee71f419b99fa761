/// Horizontal text alignment, matplotlib's `ha`.
enum HorizontalAlignment {
  case left
  case center
  case right
}

/// Vertical text alignment, matplotlib's `va`.
enum VerticalAlignment {
  case top
  case center
  /// The baseline of the last line on the anchor.
  case baseline
  /// Half way between the top of the box and the last baseline (y tick labels).
  case centerBaseline
  case bottom
}

/// The measured layout of a (possibly multi-line) text, in a frame whose origin is the top
/// left of its box, y downwards.
struct TextBlock {
  struct Line {
    var text: String
    /// Ink extents relative to the glyph origin.
    var inkLeft: Double
    var inkWidth: Double
    /// Distance from the top of the box to this line's baseline.
    var baseline: Double
    var descent: Double
  }

  var lines: [Line]
  var fontSize: Double

  /// The widest line's ink width.
  var width: Double { lines.map(\.inkWidth).max() ?? 0 }
  /// From the top of the first line to the bottom of the last line's descent.
  var height: Double { (lines.last.map { $0.baseline + $0.descent }) ?? 0 }

  /// Where the anchor sits inside the box for the given alignment.
  func anchorOffset(
    horizontal: HorizontalAlignment, vertical: VerticalAlignment
  ) -> (x: Double, y: Double) {
    let x: Double
    switch horizontal {
    case .left: x = 0
    case .center: x = width / 2
    case .right: x = width
    }
    let lastBaseline = lines.last?.baseline ?? 0
    let y: Double
    switch vertical {
    case .top: y = 0
    case .center: y = height / 2
    case .baseline: y = lastBaseline
    case .centerBaseline: y = lastBaseline / 2
    case .bottom: y = height
    }
    return (x, y)
  }
}
