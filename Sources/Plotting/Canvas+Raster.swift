extension Canvas {
  /// Draws a `columns` x `rows` grid of 8-bit colours (row-major, top row first) over
  /// `rect`, each source pixel a sharp block, as `imshow` with `interpolation="nearest"`.
  ///
  /// Raster surfaces sample the grid with Cairo's nearest filter. SVG and PDF viewers are
  /// free to smooth an embedded image when they scale it up (many ignore PDF's
  /// `/Interpolate false` and SVG's `image-rendering`), so on vector surfaces each source
  /// pixel is first repeated into a block of whole pixels, at least 256 pixels along each
  /// side in all, as matplotlib resamples images to the output resolution for its vector
  /// backends. Any smoothing then blurs only a sliver at the block edges.
  func raster(
    columns: Int, rows: Int, in rect: Rect, color: (_ row: Int, _ column: Int) -> RGB
  ) throws(PlotError) {
    let repeatX = snapsToPixels ? 1 : Self.blockSize(columns)
    let repeatY = snapsToPixels ? 1 : Self.blockSize(rows)
    let image = try CairoSurface.rgbImage(width: columns * repeatX, height: rows * repeatY)
    image.withPixels { buffer, stride in
      for row in 0..<rows {
        for column in 0..<columns {
          let bytes = color(row, column).truncatedBytes
          // CAIRO_FORMAT_RGB24: one native-endian 32-bit word 0x00RRGGBB per pixel.
          let word = UInt32(bytes.red) << 16 | UInt32(bytes.green) << 8 | UInt32(bytes.blue)
          for y in (row * repeatY)..<((row + 1) * repeatY) {
            for x in (column * repeatX)..<((column + 1) * repeatX) {
              buffer.storeBytes(of: word, toByteOffset: y * stride + 4 * x, as: UInt32.self)
            }
          }
        }
      }
    }
    var target = snapped(rect)
    // A side thinner than a pixel can snap to nothing; it keeps its own size then
    // (a raster drawn into no width has no inverse matrix: "invalid matrix").
    if target.width <= 0 {
      target = Rect(x: rect.minX, y: target.y, width: rect.width, height: target.height)
    }
    if target.height <= 0 {
      target = Rect(x: target.x, y: rect.minY, width: target.width, height: rect.height)
    }
    guard target.width > 0, target.height > 0 else { return }
    try context.drawRaster(
      image, x: target.x, y: target.y, width: target.width, height: target.height)
  }

  /// How many times a vector surface repeats each of `count` source pixels: enough for
  /// 256 pixels in all, at most 64.
  private static func blockSize(_ count: Int) -> Int {
    max(1, min(64, (256 + count - 1) / count))
  }
}
