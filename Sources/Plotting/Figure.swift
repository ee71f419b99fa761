import CCairo

/// A figure that can be rendered to PNG, SVG or PDF bytes.
public protocol Figure: Sendable {
  /// The figure's size in pixels at scale 1 (100 dpi).
  var size: FigureSize { get }

  /// Draws the figure and returns the encoded file.
  ///
  /// - Parameters:
  ///   - format: PNG (through libpng, with text chunks), SVG or PDF (through Cairo).
  ///   - scale: PNG pixels per layout pixel, 0.25...8 (2 for a HiDPI screen); the layout
  ///     does not change. SVG and PDF are resolution independent and ignore it once it
  ///     has been checked.
  ///   - metadata: text stored in the file (see `FigureMetadata`).
  func render(
    as format: FigureFormat, scale: Double, metadata: FigureMetadata
  ) throws(PlotError) -> [UInt8]
}

extension Figure {
  /// Renders the figure and writes it to `path` atomically (a temporary file in the same
  /// folder, then `rename`), so a reader never sees a half-written figure.
  ///
  /// - Parameter format: the file format; by default the one `path`'s extension names.
  public func write(
    to path: String, format: FigureFormat? = nil, scale: Double = 1,
    metadata: FigureMetadata = FigureMetadata()
  ) throws(PlotError) {
    guard let resolved = format ?? FigureFormat(pathExtensionOf: path) else {
      throw PlotError.invalid("cannot tell the figure format of \(path); pass format:")
    }
    let bytes = try render(as: resolved, scale: scale, metadata: metadata)
    try AtomicFile.write(bytes, to: path)
  }
}

/// What every figure type provides to the shared renderer.
protocol CanvasFigure: Figure {
  /// A short name for the figure, used as the document title when the metadata has none.
  var accessibleTitle: String { get }
  /// Throws `PlotError.invalid` for data that cannot be drawn.
  func validate() throws(PlotError)
  /// Draws the whole figure onto `canvas`, in figure pixels.
  func draw(on canvas: Canvas) throws(PlotError)
}

extension CanvasFigure {
  /// The one rendering path behind every figure's `render(as:scale:metadata:)`.
  func renderFigure(
    as format: FigureFormat, scale: Double, metadata: FigureMetadata
  ) throws(PlotError) -> [UInt8] {
    try FigureRenderer.checkScale(scale)
    try FigureRenderer.checkSize(size, scale: format == .png ? scale : 1)
    try validate()
    return try FigureRenderer.render(self, as: format, scale: scale, metadata: metadata)
  }
}

/// Chooses the surface for a format, runs the figure's drawing on it and encodes the result.
enum FigureRenderer {
  /// Accepted PNG scale factors.
  static let scaleRange = 0.25...8.0
  /// Largest PNG, in pixels, that a figure may ask for (a 1 GiB pixel buffer).
  static let maximumPixels = 1 << 28
  /// Points per figure pixel in SVG and PDF: a figure pixel is 1/100 inch.
  static let pointsPerPixel = 72 / Layout.dpi

  static func checkScale(_ scale: Double) throws(PlotError) {
    guard scale.isFinite, scaleRange.contains(scale) else {
      throw PlotError.invalid("scale must be a finite number in 0.25...8, got \(scale)")
    }
  }

  /// Rejects sizes that are not positive finite numbers or whose PNG would not fit in
  /// memory; a side longer than Cairo allows is left for Cairo to report.
  static func checkSize(_ size: FigureSize, scale: Double) throws(PlotError) {
    guard size.width.isFinite, size.height.isFinite, size.width >= 1, size.height >= 1 else {
      throw PlotError.invalid(
        "figure size must be at least 1 x 1 pixel, got \(size.width) x \(size.height)")
    }
    let pixels = (size.width * scale).rounded() * (size.height * scale).rounded()
    guard pixels <= Double(maximumPixels) else {
      throw PlotError.invalid(
        "a \(size.width) x \(size.height) figure at scale \(scale) is too large to render")
    }
  }

  static func render(
    _ figure: some CanvasFigure, as format: FigureFormat, scale: Double,
    metadata: FigureMetadata
  ) throws(PlotError) -> [UInt8] {
    let size = figure.size
    switch format {
    case .png:
      let surface = try CairoSurface.image(
        width: Int((size.width * scale).rounded()), height: Int((size.height * scale).rounded()))
      try draw(figure, on: surface, deviceScale: scale, snapsToPixels: true)
      let (width, height) = surface.pixelSize
      var chunks = [PNGChunks.physicalSize(dotsPerInch: Layout.dpi * scale)]
      let title = metadata.title.isEmpty ? figure.accessibleTitle : metadata.title
      for (keyword, text) in [
        ("Title", title), ("Software", metadata.software), ("Description", metadata.description),
      ] where !text.isEmpty {
        chunks.append(PNGChunks.textChunk(keyword: keyword, text: text))
      }
      // The surface is not drawn on again: its pixels become the PNG's rows where they are.
      return try surface.withPixels { pixels, stride throws(PlotError) in
        makeStraightRGBA(pixels, width: width, height: height, stride: stride)
        return try PNGCodec.encode(
          rgba: UnsafeRawBufferPointer(pixels), rowBytes: stride, width: width, height: height,
          chunks: chunks)
      }

    case .svg:
      let surface = try CairoSurface.svg(
        widthPoints: size.width * pointsPerPixel, heightPoints: size.height * pointsPerPixel)
      let texts = try draw(figure, on: surface, deviceScale: pointsPerPixel, snapsToPixels: false)
      let svg = try surface.finish()
      return SVGAnnotation.annotate(
        svg, title: metadata.title.isEmpty ? figure.accessibleTitle : metadata.title,
        metadata: metadata, texts: texts)

    case .pdf:
      let surface = try CairoSurface.pdf(
        widthPoints: size.width * pointsPerPixel, heightPoints: size.height * pointsPerPixel)
      let texts = try draw(figure, on: surface, deviceScale: pointsPerPixel, snapsToPixels: false)
      try surface.setPDFMetadata(
        CAIRO_PDF_METADATA_TITLE, metadata.title.isEmpty ? figure.accessibleTitle : metadata.title)
      try surface.setPDFMetadata(CAIRO_PDF_METADATA_CREATOR, metadata.software)
      try surface.setPDFMetadata(CAIRO_PDF_METADATA_SUBJECT, metadata.description)
      try surface.setPDFMetadata(CAIRO_PDF_METADATA_KEYWORDS, SVGAnnotation.joined(texts))
      return try surface.finish()
    }
  }

  /// Paints the white figure background and the figure; returns the texts drawn.
  @discardableResult
  private static func draw(
    _ figure: some CanvasFigure, on surface: CairoSurface, deviceScale: Double,
    snapsToPixels: Bool
  ) throws(PlotError) -> [String] {
    let context = try CairoContext(surface: surface)
    context.scale(deviceScale, deviceScale)
    let canvas = try Canvas(context: context, size: figure.size, snapsToPixels: snapsToPixels)
    context.setColor(.white)
    context.rectangle(0, 0, figure.size.width, figure.size.height)
    context.fill()
    try figure.draw(on: canvas)
    try context.check("drawing \(figure.accessibleTitle)")
    return canvas.texts
  }

  /// Turns an image surface's premultiplied native-endian ARGB32 pixels into straight RGBA
  /// bytes, in place (the byte order PNG wants; a pixel keeps its 4 bytes).
  private static func makeStraightRGBA(
    _ buffer: UnsafeMutableRawBufferPointer, width: Int, height: Int, stride: Int
  ) {
    guard let base = buffer.baseAddress else { return }
    for row in 0..<height {
      // Cairo keeps rows 4-byte aligned, so each pixel is one aligned 32-bit word.
      let pixels = (base + row * stride).assumingMemoryBound(to: UInt32.self)
      for column in 0..<width {
        let word = pixels[column]
        let alpha = word >> 24
        var red = word >> 16 & 0xFF
        var green = word >> 8 & 0xFF
        var blue = word & 0xFF
        if alpha != 255 && alpha != 0 {
          // Undo the premultiplication, rounding to nearest.
          red = min(255, (red * 255 + alpha / 2) / alpha)
          green = min(255, (green * 255 + alpha / 2) / alpha)
          blue = min(255, (blue * 255 + alpha / 2) / alpha)
        }
        // Bytes red, green, blue, alpha in memory order, on any byte order.
        pixels[column] = (red | green << 8 | blue << 16 | alpha << 24).littleEndian
      }
    }
  }
}
