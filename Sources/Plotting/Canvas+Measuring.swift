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
