/// A point in figure coordinates: pixels at 100 dpi, origin at the top left, y downwards.
struct Point: Equatable {
  var x: Double
  var y: Double
}

/// An axis-aligned rectangle in figure coordinates (y downwards).
struct Rect: Equatable {
  var x: Double
  var y: Double
  var width: Double
  var height: Double

  var minX: Double { x }
  var maxX: Double { x + width }
  var minY: Double { y }
  var maxY: Double { y + height }
  var midX: Double { x + width / 2 }
  var midY: Double { y + height / 2 }

  /// The smallest rectangle containing both.
  func union(_ other: Rect) -> Rect {
    let left = min(minX, other.minX)
    let top = min(minY, other.minY)
    return Rect(
      x: left, y: top, width: max(maxX, other.maxX) - left,
      height: max(maxY, other.maxY) - top)
  }

  /// The rectangle grown by `amount` on every side.
  func insetBy(_ amount: Double) -> Rect {
    Rect(x: x + amount, y: y + amount, width: width - 2 * amount, height: height - 2 * amount)
  }
}
