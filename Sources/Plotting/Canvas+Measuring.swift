/// Text measured before a figure's size is known.
extension Canvas {
  /// Runs `body` on a 1 x 1 pixel canvas with the figures' font set up, to measure texts
  /// (`measure`) for a figure whose size depends on them.
  static func measuring<T>(_ body: (Canvas) -> T) throws(PlotError) -> T {
    let surface = try CairoSurface.image(width: 1, height: 1)
    let context = try CairoContext(surface: surface)
    let canvas = try Canvas(
      context: context, size: FigureSize(width: 1, height: 1), snapsToPixels: false)
    return body(canvas)
  }
}

extension Canvas {
  /// `text` as it fits in `width` at `fontSize`: whole, or cut at the end with "…".
  func shortened(_ text: String, toWidth width: Double, fontSize: Double) -> String {
    guard measure(text, fontSize: fontSize).width > width else { return text }
    var characters = Array(text)
    while !characters.isEmpty {
      characters.removeLast()
      let candidate = String(characters).trimmingTrailingSpaces + "…"
      if measure(candidate, fontSize: fontSize).width <= width { return candidate }
    }
    return "…"
  }
}

extension String {
  fileprivate var trimmingTrailingSpaces: String {
    var result = self
    while result.last == " " { result.removeLast() }
    return result
  }
}
