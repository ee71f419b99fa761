/// Reading and writing the chunk structure of a PNG stream (signature, then chunks of
/// length, type, data and CRC-32), for the chunks libpng's simplified API leaves out:
/// text (tEXt, iTXt) and physical pixel size (pHYs).
enum PNGChunks {
  /// The eight bytes every PNG stream starts with.
  static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

  /// One chunk: its four-letter type and its data.
  struct Chunk: Equatable {
    var type: String
    var data: [UInt8]
  }

  /// The serialised chunk: big-endian length, type, data, CRC-32 of type and data.
  static func encode(_ chunk: Chunk) -> [UInt8] {
    let typeBytes = Array(chunk.type.utf8)
    var bytes = bigEndian(UInt32(chunk.data.count))
    bytes += typeBytes
    bytes += chunk.data
    bytes += bigEndian(CRC32.checksum(typeBytes + chunk.data))
    return bytes
  }

  /// `png` with `chunks` inserted right after the IHDR chunk, where both text and pHYs
  /// are allowed (before any PLTE or IDAT).
  static func inserting(_ chunks: [Chunk], into png: [UInt8]) throws(PlotError) -> [UInt8] {
    // Signature (8), then IHDR: length (4), type (4), 13 data bytes, CRC (4).
    let headerEnd = 8 + 4 + 4 + 13 + 4
    guard png.count >= headerEnd, Array(png[0..<8]) == signature,
      Array(png[12..<16]) == Array("IHDR".utf8)
    else {
      throw PlotError.png("libpng produced a stream without a leading IHDR chunk")
    }
    var result = Array(png[..<headerEnd])
    result.reserveCapacity(png.count + chunks.count * 64)
    for chunk in chunks {
      result += encode(chunk)
    }
    result += png[headerEnd...]
    return result
  }

  /// The chunks of a PNG stream whose CRC is correct; a damaged chunk is skipped, as
  /// libpng skips a damaged ancillary chunk.
  static func parse(_ png: [UInt8]) throws(PlotError) -> [Chunk] {
    guard png.count >= 8, Array(png[0..<8]) == signature else {
      throw PlotError.png("not a PNG stream (bad signature)")
    }
    var chunks: [Chunk] = []
    var offset = 8
    while offset + 12 <= png.count {
      let length = Int(readBigEndian(png, at: offset))
      let dataStart = offset + 8
      guard length <= png.count - dataStart - 4 else {
        throw PlotError.png("truncated \(length)-byte chunk at offset \(offset)")
      }
      let typeAndData = Array(png[(offset + 4)..<(dataStart + length)])
      let type = String(decoding: typeAndData.prefix(4), as: UTF8.self)
      if CRC32.checksum(typeAndData) == readBigEndian(png, at: dataStart + length) {
        chunks.append(Chunk(type: type, data: Array(typeAndData.dropFirst(4))))
      }
      offset = dataStart + length + 4
      if type == "IEND" { break }
    }
    return chunks
  }

  /// A text chunk for `keyword`, tEXt or iTXt.
  ///
  /// tEXt when the text is Latin-1 (the only encoding tEXt allows), otherwise an
  /// uncompressed iTXt with the UTF-8 text. NUL characters, which both forbid, are dropped.
  static func textChunk(keyword: String, text: String) -> Chunk {
    let clean = text.unicodeScalars.filter { $0.value != 0 }
    let keywordBytes = keyword.unicodeScalars.prefix(79).map { UInt8(truncatingIfNeeded: $0.value) }
    if clean.allSatisfy({ $0.value <= 0xFF }) {
      return Chunk(
        type: "tEXt", data: keywordBytes + [0] + clean.map { UInt8($0.value) })
    }
    // keyword, NUL, compression flag 0, method 0, empty language tag, NUL,
    // empty translated keyword, NUL, UTF-8 text.
    var data = keywordBytes
    data += [0, 0, 0, 0, 0]
    data += Array(String(String.UnicodeScalarView(clean)).utf8)
    return Chunk(type: "iTXt", data: data)
  }

  /// The keyword and text of a tEXt chunk or an uncompressed iTXt chunk; `nil` for other
  /// chunks and for compressed text (zTXt, compressed iTXt), which would need zlib.
  static func text(of chunk: Chunk) -> (keyword: String, text: String)? {
    let data = chunk.data
    guard let keywordEnd = data.firstIndex(of: 0) else { return nil }
    let keyword = latin1(data[..<keywordEnd])
    switch chunk.type {
    case "tEXt":
      return (keyword, latin1(data[(keywordEnd + 1)...]))
    case "iTXt":
      let flagIndex = keywordEnd + 1
      guard data.count >= flagIndex + 2, data[flagIndex] == 0 else { return nil }
      var cursor = flagIndex + 2
      // Skip the language tag and the translated keyword, both NUL-terminated.
      for _ in 0..<2 {
        guard let end = data[cursor...].firstIndex(of: 0) else { return nil }
        cursor = end + 1
      }
      return (keyword, String(decoding: data[cursor...], as: UTF8.self))
    default:
      return nil
    }
  }

  /// A pHYs chunk stating `dotsPerInch` in both directions (stored per metre).
  static func physicalSize(dotsPerInch: Double) -> Chunk {
    let perMetre = UInt32((dotsPerInch / 0.0254).rounded())
    return Chunk(type: "pHYs", data: bigEndian(perMetre) + bigEndian(perMetre) + [1])
  }

  private static func latin1(_ bytes: ArraySlice<UInt8>) -> String {
    var scalars = String.UnicodeScalarView()
    for byte in bytes {
      scalars.append(Unicode.Scalar(byte))
    }
    return String(scalars)
  }

  static func bigEndian(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
  }

  static func readBigEndian(_ bytes: [UInt8], at offset: Int) -> UInt32 {
    UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16
      | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
  }
}

/// The CRC-32 of PNG chunks (ISO 3309, polynomial 0xEDB88320 reflected), table-driven.
enum CRC32 {
  private static let table: [UInt32] = (0..<256).map { index -> UInt32 in
    var value = UInt32(index)
    for _ in 0..<8 {
      value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1
    }
    return value
  }

  static func checksum(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
      crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
    }
    return crc ^ 0xFFFF_FFFF
  }
}
