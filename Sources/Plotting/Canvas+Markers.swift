#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The shape of a line's point markers, as matplotlib's `marker`.
public enum MarkerShape: String, Sendable, CaseIterable {
  /// `"o"`
  case circle
  /// `"s"`
  case square
  /// `"^"`
  case triangle
  /// `"D"`
  case diamond
}

extension Canvas {
  /// A filled marker of `shape` centred on `center`, about as large as a circle of `radius`.
  ///
  /// Sizes follow matplotlib's marker paths at one `markersize`: the square's side is the
  /// circle's diameter times 0.85 and the triangle and diamond reach a little further, so
  /// that different shapes on one point stay visible around each other.
  func marker(_ shape: MarkerShape, at center: Point, radius: Double, color: RGB) {
    switch shape {
    case .circle:
      dot(at: center, radius: radius, color: color)
      return
    case .square:
      let half = 0.85 * radius
      polygon(
        [(-half, -half), (half, -half), (half, half), (-half, half)], at: center, color: color)
    case .triangle:
      let r = 1.25 * radius
      polygon(
        [(0, -r), (r * cos(Double.pi / 6), r / 2), (-r * cos(Double.pi / 6), r / 2)],
        at: center, color: color)
    case .diamond:
      let r = 1.2 * radius
      polygon([(0, -r), (r, 0), (0, r), (-r, 0)], at: center, color: color)
    }
  }

  private func polygon(_ offsets: [(Double, Double)], at center: Point, color: RGB) {
    context.newPath()
    for (index, (dx, dy)) in offsets.enumerated() {
      if index == 0 {
        context.moveTo(center.x + dx, center.y + dy)
      } else {
        context.lineTo(center.x + dx, center.y + dy)
      }
    }
    context.closePath()
    context.setColor(color)
    context.fill()
  }
}
