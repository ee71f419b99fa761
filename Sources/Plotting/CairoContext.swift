import CCairo

/// Owns one `cairo_t` drawing onto a `CairoSurface`; destroyed in `deinit`.
///
/// The methods are thin and unchecked on purpose: a Cairo context keeps its first error and
/// ignores every call after it, so `check(_:)` after a group of calls reports the failure.
final class CairoContext {
  let pointer: OpaquePointer
  /// Kept so the surface outlives the context that draws on it.
  let surface: CairoSurface

  init(surface: CairoSurface) throws(PlotError) {
    guard let pointer = cairo_create(surface.pointer) else {
      throw PlotError.cairo(
        operation: "cairo_create", status: Int(CAIRO_STATUS_NO_MEMORY.rawValue),
        message: String(cString: cairo_status_to_string(CAIRO_STATUS_NO_MEMORY)))
    }
    self.pointer = pointer
    self.surface = surface
    try check("cairo_create")
  }

  deinit {
    cairo_destroy(pointer)
  }

  /// Throws if any call on this context has failed so far.
  func check(_ operation: String) throws(PlotError) {
    try checkCairo(cairo_status(pointer), operation)
  }

  func save() { cairo_save(pointer) }
  func restore() { cairo_restore(pointer) }
  func translate(_ x: Double, _ y: Double) { cairo_translate(pointer, x, y) }
  func scale(_ x: Double, _ y: Double) { cairo_scale(pointer, x, y) }
  func rotate(_ radians: Double) { cairo_rotate(pointer, radians) }

  /// Device coordinates of a point in user coordinates.
  func userToDevice(_ x: Double, _ y: Double) -> (x: Double, y: Double) {
    var dx = x
    var dy = y
    cairo_user_to_device(pointer, &dx, &dy)
    return (dx, dy)
  }

  /// User coordinates of a point in device coordinates.
  func deviceToUser(_ x: Double, _ y: Double) -> (x: Double, y: Double) {
    var ux = x
    var uy = y
    cairo_device_to_user(pointer, &ux, &uy)
    return (ux, uy)
  }

  func setColor(_ color: RGB, alpha: Double = 1) {
    cairo_set_source_rgba(pointer, color.red, color.green, color.blue, alpha)
  }

  func setLineWidth(_ width: Double) { cairo_set_line_width(pointer, width) }

  func setLineCap(_ cap: cairo_line_cap_t) { cairo_set_line_cap(pointer, cap) }

  func setLineJoin(_ join: cairo_line_join_t) { cairo_set_line_join(pointer, join) }

  /// Sets a dash pattern (lengths in user units); an empty pattern draws solid lines.
  func setDash(_ lengths: [Double], offset: Double = 0) {
    lengths.withUnsafeBufferPointer { buffer in
      cairo_set_dash(pointer, buffer.baseAddress, Int32(buffer.count), offset)
    }
  }

  func moveTo(_ x: Double, _ y: Double) { cairo_move_to(pointer, x, y) }
  func lineTo(_ x: Double, _ y: Double) { cairo_line_to(pointer, x, y) }
  func closePath() { cairo_close_path(pointer) }
  func newPath() { cairo_new_path(pointer) }

  func rectangle(_ x: Double, _ y: Double, _ width: Double, _ height: Double) {
    cairo_rectangle(pointer, x, y, width, height)
  }

  func arc(_ x: Double, _ y: Double, radius: Double, from start: Double, to end: Double) {
    cairo_arc(pointer, x, y, radius, start, end)
  }

  func fill() { cairo_fill(pointer) }
  func fillPreserve() { cairo_fill_preserve(pointer) }
  func stroke() { cairo_stroke(pointer) }
  func clip() { cairo_clip(pointer) }
  func paint() { cairo_paint(pointer) }

  /// Selects DejaVu Sans as the context's font face: read from its file when it is at a known
  /// place (`FontFace`), else found by fontconfig, which substitutes a similar font when
  /// DejaVu Sans is not installed.
  func selectFontFace(family: String = FontFace.family) {
    if family == FontFace.family, let face = FontFace.dejaVuSans {
      cairo_set_font_face(pointer, face.pointer)
    } else {
      cairo_select_font_face(pointer, family, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
    }
  }

  /// Sets the font size in user units per em.
  func setFontSize(_ size: Double) {
    cairo_set_font_size(pointer, size)
  }

  /// Gray-scale anti-aliasing, slight hinting and unhinted metrics, so that glyph advances
  /// (and so the layout) are the same on raster and vector surfaces.
  func setTextRendering() throws(PlotError) {
    guard let options = cairo_font_options_create() else {
      throw PlotError.cairo(
        operation: "cairo_font_options_create", status: Int(CAIRO_STATUS_NO_MEMORY.rawValue),
        message: String(cString: cairo_status_to_string(CAIRO_STATUS_NO_MEMORY)))
    }
    defer { cairo_font_options_destroy(options) }
    try checkCairo(cairo_font_options_status(options), "cairo_font_options_create")
    cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_SLIGHT)
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
    cairo_set_font_options(pointer, options)
  }

  /// Ink and advance extents of `text` in the current font, in user units.
  func textExtents(_ text: String) -> cairo_text_extents_t {
    var extents = cairo_text_extents_t()
    cairo_text_extents(pointer, text, &extents)
    return extents
  }

  /// Draws `text` with its baseline origin at the current point.
  func showText(_ text: String) { cairo_show_text(pointer, text) }

  /// Paints `raster` stretched over the rectangle `(x, y, width, height)`, sampled with the
  /// nearest filter so that its pixels stay sharp blocks on every surface (raster, SVG, PDF).
  func drawRaster(
    _ raster: CairoSurface, x: Double, y: Double, width: Double, height: Double
  ) throws(PlotError) {
    let (columns, rows) = raster.pixelSize
    guard let pattern = cairo_pattern_create_for_surface(raster.pointer) else {
      throw PlotError.cairo(
        operation: "cairo_pattern_create_for_surface",
        status: Int(CAIRO_STATUS_NO_MEMORY.rawValue),
        message: String(cString: cairo_status_to_string(CAIRO_STATUS_NO_MEMORY)))
    }
    defer { cairo_pattern_destroy(pattern) }
    try checkCairo(cairo_pattern_status(pattern), "cairo_pattern_create_for_surface")
    cairo_pattern_set_filter(pattern, CAIRO_FILTER_NEAREST)
    cairo_pattern_set_extend(pattern, CAIRO_EXTEND_NONE)
    // The pattern matrix maps user space to pattern (raster pixel) space.
    var matrix = cairo_matrix_t()
    cairo_matrix_init_scale(&matrix, Double(columns) / width, Double(rows) / height)
    cairo_matrix_translate(&matrix, -x, -y)
    cairo_pattern_set_matrix(pattern, &matrix)
    try checkCairo(cairo_pattern_status(pattern), "cairo_pattern_set_matrix")
    save()
    cairo_set_source(pointer, pattern)
    rectangle(x, y, width, height)
    fill()
    restore()
    try check("cairo_fill (raster)")
  }
}

@available(*, unavailable)
extension CairoContext: Sendable {}
