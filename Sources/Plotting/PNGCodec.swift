import CPNG

/// PNG encoding and decoding through libpng's simplified API (`png_image`).
///
/// libpng reports errors by `longjmp` from its error callback, which must not cross Swift
/// frames (Swift cannot call `setjmp`, and unwinding over Swift code skips its cleanup).
/// The simplified API is the way around that: `png_image_write_to_memory`,
/// `png_image_begin_read_from_memory` and `png_image_finish_read` set up the jump buffer
/// inside libpng, catch their own errors, and return 0 with the message in
/// `png_image.message`. No Swift callback is ever registered with libpng.
///
/// The simplified API writes no text chunks, so they are added to the finished stream
/// (with their CRC-32) right after IHDR; reading them back parses the chunk list the same
/// way. That keeps every libpng call on the longjmp-safe path.
enum PNGCodec {
  /// Largest image, in pixels, that `decode` accepts (a 16k x 16k image).
  static let maximumDecodedPixels = 1 << 28

  /// Encodes straight (not premultiplied) 8-bit RGBA rows, `rowBytes` apart, into a PNG
  /// stream, then adds `chunks` (text, pHYs).
  static func encode(
    rgba: UnsafeRawBufferPointer, rowBytes: Int, width: Int, height: Int,
    chunks: [PNGChunks.Chunk]
  ) throws(PlotError) -> [UInt8] {
    guard width > 0, height > 0, rowBytes >= width * 4,
      rgba.count >= rowBytes * (height - 1) + width * 4,
      let w = UInt32(exactly: width), let h = UInt32(exactly: height),
      let stride = Int32(exactly: rowBytes)
    else {
      throw PlotError.png("cannot encode a \(width) x \(height) image from \(rgba.count) bytes")
    }
    var image = png_image()
    image.version = UInt32(PNG_IMAGE_VERSION)
    image.width = w
    image.height = h
    image.format = UInt32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA)
    // Unfiltered rows at zlib level 3: about 5 instead of 24 ms for a 640 x 480 figure,
    // for files about 30% larger (some 35 kB), since figures are mostly flat colour.
    image.flags = UInt32(PNG_IMAGE_FLAG_FAST)
    // Room for the pixels stored uncompressed plus headers: enough for one pass nearly
    // always; libpng reports the size it needs otherwise.
    var capacity = height * (width * 4 + 1) + height / 8 * 5 + 4096
    for _ in 0..<2 {
      var written = capacity
      var succeeded: Int32 = 0
      // Left uninitialised: libpng fills only the first `written` bytes, some 3% of them, and
      // the pages it never touches are never faulted in.
      let output = [UInt8](unsafeUninitializedCapacity: capacity) { memory, count in
        succeeded = png_image_write_to_memory(
          &image, memory.baseAddress, &written, 0, rgba.baseAddress, stride, nil)
        count = succeeded != 0 ? written : 0
      }
      if succeeded != 0 {
        return try PNGChunks.inserting(chunks, into: output)
      }
      let message = Self.message(of: image)
      png_image_free(&image)
      guard written > capacity else {
        throw PlotError.png(message.isEmpty ? "png_image_write_to_memory failed" : message)
      }
      capacity = written
    }
    throw PlotError.png("png_image_write_to_memory kept asking for a larger buffer")
  }

  /// Decodes any PNG that libpng reads into 8-bit RGBA, and collects its text chunks.
  static func decode(_ bytes: [UInt8]) throws(PlotError) -> DecodedPNG {
    var image = png_image()
    image.version = UInt32(PNG_IMAGE_VERSION)
    // libpng keeps a pointer to the input between `begin` and `finish`, so both run
    // inside the same closure; the image is freed on every path.
    let result: Result<DecodedPNG, PlotError> = bytes.withUnsafeBytes { input in
      defer { png_image_free(&image) }
      guard png_image_begin_read_from_memory(&image, input.baseAddress, input.count) != 0 else {
        return .failure(PlotError.png(Self.message(of: image)))
      }
      let width = Int(image.width)
      let height = Int(image.height)
      guard width > 0, height > 0, width * height <= maximumDecodedPixels else {
        return .failure(PlotError.png("refusing to decode a \(width) x \(height) image"))
      }
      image.format = UInt32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA)
      var rgba = [UInt8](repeating: 0, count: width * height * 4)
      let finished = rgba.withUnsafeMutableBytes { pixels in
        png_image_finish_read(&image, nil, pixels.baseAddress, 0, nil)
      }
      guard finished != 0 else {
        return .failure(PlotError.png(Self.message(of: image)))
      }
      return .success(DecodedPNG(width: width, height: height, rgba: rgba, text: [:]))
    }
    var decoded = try result.get()
    for chunk in try PNGChunks.parse(bytes) {
      if let entry = PNGChunks.text(of: chunk) {
        decoded.text[entry.keyword] = entry.text
      }
    }
    return decoded
  }

  /// libpng's NUL-terminated `png_image.message`.
  private static func message(of image: png_image) -> String {
    withUnsafeBytes(of: image.message) { raw in
      String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
  }
}

/// A decoded PNG: 8-bit straight RGBA pixels, row-major from the top left, and the text
/// chunks (tEXt and uncompressed iTXt) by keyword.
public struct DecodedPNG: Sendable, Equatable {
  public var width: Int
  public var height: Int
  /// `width * height * 4` bytes: red, green, blue, alpha.
  public var rgba: [UInt8]
  public var text: [String: String]

  public init(width: Int, height: Int, rgba: [UInt8], text: [String: String]) {
    self.width = width
    self.height = height
    self.rgba = rgba
    self.text = text
  }

  /// The pixel at column `x`, row `y` (0-based from the top left); both must be in range.
  public func pixel(x: Int, y: Int) -> (r: UInt8, g: UInt8, b: UInt8, a: UInt8) {
    precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) outside image")
    let offset = (y * width + x) * 4
    return (rgba[offset], rgba[offset + 1], rgba[offset + 2], rgba[offset + 3])
  }

  /// Decodes a PNG stream (any bit depth and colour type libpng reads).
  public static func decode(_ bytes: [UInt8]) throws(PlotError) -> DecodedPNG {
    try PNGCodec.decode(bytes)
  }
}
