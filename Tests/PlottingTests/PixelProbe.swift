import Plotting
import XCTest

/// An 8-bit colour as read back from a PNG.
struct Pixel: Equatable, CustomStringConvertible {
  var r: Int
  var g: Int
  var b: Int

  init(_ r: Int, _ g: Int, _ b: Int) {
    self.r = r
    self.g = g
    self.b = b
  }

  var description: String { "(\(r), \(g), \(b))" }

  /// The largest difference of one channel.
  func distance(to other: Pixel) -> Int {
    max(abs(r - other.r), abs(g - other.g), abs(b - other.b))
  }

  /// The Rec 601 luma, enough to order the colours of a monotonic colour map.
  var luma: Double { 0.299 * Double(r) + 0.587 * Double(g) + 0.114 * Double(b) }

  static let white = Pixel(255, 255, 255)
  static let black = Pixel(0, 0, 0)
}

extension DecodedPNG {
  /// The colour at a point given in figure pixels (scale 1), for a PNG rendered at `scale`.
  func color(atFigureX x: Double, y: Double, scale: Double = 1) -> Pixel {
    color(x: Int((x * scale).rounded(.down)), y: Int((y * scale).rounded(.down)))
  }

  func color(x: Int, y: Int) -> Pixel {
    let value = pixel(x: x, y: y)
    return Pixel(Int(value.r), Int(value.g), Int(value.b))
  }

  /// Every pixel whose centre lies in the rectangle (figure pixels at `scale`).
  func pixels(
    inFigureX x: Double, y: Double, width: Double, height: Double, scale: Double = 1
  ) -> [Pixel] {
    let left = Int((x * scale).rounded(.up))
    let top = Int((y * scale).rounded(.up))
    let right = Int(((x + width) * scale).rounded(.down))
    let bottom = Int(((y + height) * scale).rounded(.down))
    var result: [Pixel] = []
    for row in top..<max(top, bottom) {
      for column in left..<max(left, right) {
        result.append(color(x: column, y: row))
      }
    }
    return result
  }
}

/// Asserts that two colours differ by at most `tolerance` in every channel.
func assertColor(
  _ actual: Pixel, _ expected: Pixel, within tolerance: Int, _ message: String = "",
  file: StaticString = #filePath, line: UInt = #line
) {
  XCTAssertLessThanOrEqual(
    actual.distance(to: expected), tolerance, "\(actual) is not \(expected): \(message)",
    file: file, line: line)
}

/// Asserts that `body` throws a `PlotError` that `matches` accepts.
func assertThrowsPlotError(
  _ description: String, file: StaticString = #filePath, line: UInt = #line,
  _ body: () throws(PlotError) -> Void, matches: (PlotError) -> Bool
) {
  do {
    try body()
    XCTFail("expected \(description) to throw", file: file, line: line)
  } catch {
    XCTAssertTrue(matches(error), "\(description) threw \(error)", file: file, line: line)
  }
}

/// Whether the error is `PlotError.invalid`.
func isInvalid(_ error: PlotError) -> Bool {
  if case .invalid = error { return true }
  return false
}
