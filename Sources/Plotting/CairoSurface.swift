import CCairo

/// Owns one `cairo_surface_t` and destroys it in `deinit`.
///
/// The surface is an in-memory image, or an SVG or PDF document written into a `ByteSink`.
final class CairoSurface {
  /// What the surface produces.
  enum Kind {
    case image
    case svg
    case pdf
  }

  let kind: Kind
  /// The owned surface; valid until `deinit`.
  let pointer: OpaquePointer
  /// Receives the SVG or PDF bytes; `nil` for image surfaces.
  private let sink: ByteSink?

  private init(kind: Kind, pointer: OpaquePointer, sink: ByteSink?) {
    self.kind = kind
    self.pointer = pointer
    self.sink = sink
  }

  deinit {
    cairo_surface_destroy(pointer)
  }

  /// Wraps a freshly created surface, destroying it and throwing if Cairo reports an error.
  private static func adopt(
    _ pointer: OpaquePointer?, kind: Kind, sink: ByteSink?, operation: String
  ) throws(PlotError) -> CairoSurface {
    guard let pointer else {
      throw PlotError.cairo(
        operation: operation, status: Int(CAIRO_STATUS_NO_MEMORY.rawValue),
        message: String(cString: cairo_status_to_string(CAIRO_STATUS_NO_MEMORY)))
    }
    // Cairo returns an inert "error surface" rather than NULL; it still has to be destroyed.
    let surface = CairoSurface(kind: kind, pointer: pointer, sink: sink)
    try checkCairo(cairo_surface_status(pointer), operation)
    return surface
  }

  /// A premultiplied ARGB32 image surface of `width` x `height` device pixels.
  static func image(width: Int, height: Int) throws(PlotError) -> CairoSurface {
    guard width > 0, height > 0, let w = Int32(exactly: width), let h = Int32(exactly: height)
    else {
      throw PlotError.cairo(
        operation: "cairo_image_surface_create",
        status: Int(CAIRO_STATUS_INVALID_SIZE.rawValue),
        message: String(cString: cairo_status_to_string(CAIRO_STATUS_INVALID_SIZE)))
    }
    return try adopt(
      cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h), kind: .image, sink: nil,
      operation: "cairo_image_surface_create")
  }

  /// An opaque RGB24 image surface, used as the source of a raster (heatmap, digit).
  static func rgbImage(width: Int, height: Int) throws(PlotError) -> CairoSurface {
    guard width > 0, height > 0, let w = Int32(exactly: width), let h = Int32(exactly: height)
    else {
      throw PlotError.invalid("a raster must be at least 1 x 1 pixel, got \(width) x \(height)")
    }
    return try adopt(
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h), kind: .image, sink: nil,
      operation: "cairo_image_surface_create")
  }

  /// An SVG document of `width` x `height` points, written to memory.
  static func svg(widthPoints: Double, heightPoints: Double) throws(PlotError) -> CairoSurface {
    let sink = ByteSink()
    let closure = Unmanaged.passUnretained(sink).toOpaque()
    let pointer = cairo_svg_surface_create_for_stream(
      { closure, data, length in appendToSink(closure, data, length) }, closure,
      widthPoints, heightPoints)
    return try adopt(
      pointer, kind: .svg, sink: sink, operation: "cairo_svg_surface_create_for_stream")
  }

  /// A one-page PDF document of `width` x `height` points, written to memory.
  static func pdf(widthPoints: Double, heightPoints: Double) throws(PlotError) -> CairoSurface {
    let sink = ByteSink()
    let closure = Unmanaged.passUnretained(sink).toOpaque()
    let pointer = cairo_pdf_surface_create_for_stream(
      { closure, data, length in appendToSink(closure, data, length) }, closure,
      widthPoints, heightPoints)
    return try adopt(
      pointer, kind: .pdf, sink: sink, operation: "cairo_pdf_surface_create_for_stream")
  }

  /// Sets one entry of the PDF document information dictionary (title, subject...).
  func setPDFMetadata(_ key: cairo_pdf_metadata_t, _ value: String) throws(PlotError) {
    guard kind == .pdf, !value.isEmpty else { return }
    cairo_pdf_surface_set_metadata(pointer, key, value)
    try checkCairo(cairo_surface_status(pointer), "cairo_pdf_surface_set_metadata")
  }

  /// Completes an SVG or PDF document and returns its bytes.
  ///
  /// Cairo writes most of a vector document only when the surface is finished, and a
  /// failure there (a write error, memory) is reported only through the surface status,
  /// which `deinit` could not throw; so the status is checked here.
  func finish() throws(PlotError) -> [UInt8] {
    cairo_surface_finish(pointer)
    try checkCairo(cairo_surface_status(pointer), "cairo_surface_finish")
    return sink?.bytes ?? []
  }

  /// Calls `body` with the pixel memory of an image surface and its row stride in bytes.
  ///
  /// Pending drawing is flushed first, and the surface is marked dirty afterwards in case
  /// `body` wrote to it. The buffer belongs to Cairo and must not escape `body`.
  func withPixels<Result, Failure: Error>(
    _ body: (UnsafeMutableRawBufferPointer, _ stride: Int) throws(Failure) -> Result
  ) throws(Failure) -> Result {
    cairo_surface_flush(pointer)
    let stride = Int(cairo_image_surface_get_stride(pointer))
    let height = Int(cairo_image_surface_get_height(pointer))
    let buffer = UnsafeMutableRawBufferPointer(
      start: cairo_image_surface_get_data(pointer), count: stride * height)
    defer { cairo_surface_mark_dirty(pointer) }
    return try body(buffer, stride)
  }

  /// Width and height in device pixels of an image surface.
  var pixelSize: (width: Int, height: Int) {
    (
      Int(cairo_image_surface_get_width(pointer)),
      Int(cairo_image_surface_get_height(pointer))
    )
  }
}

@available(*, unavailable)
extension CairoSurface: Sendable {}

/// The body of the Cairo write callback: appends `length` bytes to the `ByteSink` that
/// `closure` points to.
private func appendToSink(
  _ closure: UnsafeMutableRawPointer?, _ data: UnsafePointer<UInt8>?, _ length: UInt32
) -> cairo_status_t {
  guard let closure else { return CAIRO_STATUS_WRITE_ERROR }
  let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
  if let data, length > 0 {
    sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
  }
  return CAIRO_STATUS_SUCCESS
}
