import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The fast way through `DataSet.loadCSV` for the common file: plain ASCII
/// numbers, integer class labels, no quotes.
///
/// It reads the file mapped into memory, on every core, straight into the
/// final feature matrix (its rows are counted first, so the matrix is
/// allocated once at its exact size), and hands the mapped pages back to the
/// system as soon as they are read, so the peak memory stays near the matrix
/// itself instead of the matrix plus the file. Cells are read by the same
/// `StrictDecimal` as the general reader.
///
/// It never reports an error: at the first thing it does not handle (a byte
/// that is not ASCII, a quote, a ragged row, a cell that is not a number or
/// is missing, a class name, a `;` or tab in the header, an index column,
/// any cap of `CSVLimits`, any option besides the target column and the
/// limits) it gives up and the general reader reads the file again,
/// which gives the same data set or the same `file:line:column` error as
/// before. A file changed while it is read can end the process (the mapping
/// loses its pages); the general reader has no such failure.
enum NumericCSVFastPath {
  /// The data set in the file at `path`, or nil when the general reader must read it.
  ///
  /// The lines are cut into parts of about `partBytes` for the cores to share.
  static func load(
    path: String, options: CSVDataSetOptions, partBytes: Int = 4 << 20,
    progress: CSVReadProgress? = nil
  ) -> DataSet? {
    guard isPlain(options) else { return nil }
    // Only regular files; without O_NONBLOCK, opening a FIFO would wait for a writer.
    var pathStatus = stat()
    guard stat(path, &pathStatus) == 0, pathStatus.st_mode & S_IFMT == S_IFREG else { return nil }
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
      status.st_size > 0, status.st_size <= options.limits.maxFileBytes
    else { return nil }
    let size = Int(status.st_size)
    guard let mapping = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0),
      mapping != MAP_FAILED
    else { return nil }
    defer { munmap(mapping, size) }
    madvise(mapping, size, MADV_SEQUENTIAL)
    let bytes = UnsafeBufferPointer(start: mapping.assumingMemoryBound(to: UInt8.self), count: size)
    return read(
      bytes, fileName: path, options: options, releasePages: true, partBytes: partBytes,
      progress: progress)
  }

  /// The data set in `bytes`, or nil when the general reader must read them.
  ///
  /// With `releasePages`, `bytes` must be a private file mapping: the pages
  /// read are dropped from memory as the reading moves on (the file keeps them).
  static func read(
    _ bytes: UnsafeBufferPointer<UInt8>, fileName: String, options: CSVDataSetOptions,
    releasePages: Bool, partBytes: Int = 4 << 20, progress: CSVReadProgress? = nil
  ) -> DataSet? {
    let limits = options.limits
    guard isPlain(options), let base = bytes.baseAddress, bytes.count > 0 else { return nil }
    guard let header = NumericHeader(bytes, limits: limits) else { return nil }
    let columns = header.names.count
    guard columns > 1 else { return nil }
    let target: Int
    if let name = options.targetColumn {
      guard let found = header.names.firstIndex(where: { Array($0.utf8) == Array(name.utf8) })
      else { return nil }
      target = found
    } else {
      target =
        header.names.firstIndex(where: { Array($0.utf8) == Array("target".utf8) }) ?? columns - 1
    }

    // The data lines, cut into parts at line breaks, for every core.
    let body = header.end
    let parts = max(1, min(4096, (bytes.count - body) / max(partBytes, 1)))
    var boundaries = [body]
    for part in 1..<max(parts, 1) where parts > 1 {
      var cut = max(boundaries[part - 1], body + (bytes.count - body) / parts * part)
      while cut < bytes.count, !isBreak(base[cut]) { cut += 1 }
      while cut < bytes.count, isBreak(base[cut]) { cut += 1 }
      boundaries.append(cut)
    }
    boundaries.append(bytes.count)
    let cuts = boundaries

    // 1. Each part's checks and record count.
    var counted = [Int](repeating: 0, count: parts)
    let shared = SendableBytes(base: base, count: bytes.count)
    let pages = PageRelease(base: base, enabled: releasePages)
    counted.withUnsafeMutableBufferPointer { counted in
      let counts = SendableInts(base: counted.baseAddress.unsafelyUnwrapped)
      DispatchQueue.concurrentPerform(iterations: parts) { part in
        counts.base[part] = countRecords(shared.base, cuts[part], cuts[part + 1], pages: pages)
      }
    }
    let records = counted
    guard records.allSatisfy({ $0 >= 0 }) else { return nil }
    var rowStarts = [0]
    for part in 0..<parts { rowStarts.append(rowStarts[part] + records[part]) }
    let firstRow = rowStarts
    let rows = firstRow[parts]
    guard rows >= 1, rows <= limits.maxRows else { return nil }

    // 2. The cells, straight into the matrix and the label column.
    progress?.start(total: bytes.count - body)
    let featureCount = columns - 1
    let fingerprint = FingerprintBox()
    var failed = [Bool](repeating: false, count: parts)
    var labelValues = [Double](repeating: 0, count: rows)
    let features = [Double](unsafeUninitializedCapacity: rows * featureCount) {
      matrix, initialized in
      let output = SendableDoubles(base: matrix.baseAddress.unsafelyUnwrapped)
      labelValues.withUnsafeMutableBufferPointer { labels in
        let labelOutput = SendableDoubles(base: labels.baseAddress.unsafelyUnwrapped)
        failed.withUnsafeMutableBufferPointer { failed in
          let failures = SendableFlags(base: failed.baseAddress.unsafelyUnwrapped)
          // The fingerprint first, on one core, while the other starts on the cells.
          DispatchQueue.concurrentPerform(iterations: parts + 1) { job in
            if job == 0 {
              var start = 0
              fingerprint.value = SHA256.hex(
                UnsafeBufferPointer(start: shared.base, count: shared.count)
              ) { hashed in
                pages.release(start, hashed)
                start = hashed
              }
              return
            }
            let part = job - 1
            let reader = RowReader(
              bytes: shared, columns: columns, target: target,
              maxFieldBytes: limits.maxFieldBytes, pages: pages, progress: progress)
            failures.base[part] = !reader.read(
              from: cuts[part], to: cuts[part + 1], firstRow: firstRow[part],
              rows: records[part], features: output.base, labels: labelOutput.base)
          }
        }
      }
      // Every cell is written when no part failed; otherwise the values are dropped unread.
      initialized = failed.contains(true) ? 0 : rows * featureCount
    }
    guard !failed.contains(true) else { return nil }
    guard let classes = ClassCodes(labelValues) else { return nil }
    var featureNames = header.names
    featureNames.remove(at: target)
    var data = DataSet(
      source: fileName, sha256: fingerprint.value, featureNames: featureNames,
      features: features, targets: classes.targets, classNames: classes.names)
    // What the general reader detects in such a file: commas, decimal points, no index.
    data.reading = CSVReading(
      delimiter: .comma, delimiterDetected: true, decimalSeparator: .point, decimalDetected: true)
    return data
  }

  /// Whether `options` ask for nothing but a target column and limits.
  static func isPlain(_ options: CSVDataSetOptions) -> Bool {
    options == CSVDataSetOptions(targetColumn: options.targetColumn, limits: options.limits)
  }

  @inline(__always)
  static func isBreak(_ byte: UInt8) -> Bool { byte == 10 || byte == 13 }

  /// The non-empty lines of `start..<end`, or -1 when a byte is not ASCII or is a quote.
  ///
  /// Eight bytes at a time: a line starts at a byte that is not a line break and follows
  /// one (or starts the part, which begins after a break).
  static func countRecords(
    _ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, pages: PageRelease
  ) -> Int {
    let high: UInt64 = 0x8080_8080_8080_8080
    let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    /// 0x80 in each byte of `word` that is zero, 0 in the others (exact, no carries).
    @inline(__always)
    func zeroBytes(_ word: UInt64) -> UInt64 {
      ~(((word & low7) &+ low7) | word | low7)
    }
    var count = 0
    // 0x80 in the lowest byte when the byte before the next word is a break.
    var afterBreak: UInt64 = 0x80
    var unusual: UInt64 = 0
    var quotes: UInt64 = 0
    var index = start
    var released = start
    let raw = UnsafeRawPointer(base)
    while index + 8 <= end {
      let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
      unusual |= word & high
      quotes |= zeroBytes(word ^ 0x2222_2222_2222_2222)
      let breaks = zeroBytes(word ^ 0x0A0A_0A0A_0A0A_0A0A) | zeroBytes(word ^ 0x0D0D_0D0D_0D0D_0D0D)
      let starts = ~breaks & high & ((breaks << 8) | afterBreak)
      count += starts.nonzeroBitCount
      afterBreak = breaks >> 56
      index += 8
      if index - released >= PageRelease.step {
        pages.release(released, index)
        released = index
      }
    }
    var atLineStart = afterBreak != 0
    while index < end {
      let byte = base[index]
      unusual |= UInt64(byte & 0x80)
      if byte == UInt8(ascii: "\"") { quotes = 1 }
      if isBreak(byte) {
        atLineStart = true
      } else if atLineStart {
        count += 1
        atLineStart = false
      }
      index += 1
    }
    return unusual == 0 && quotes == 0 ? count : -1
  }
}

/// The header line, when it is a plain one: unique, non-blank ASCII names without quotes,
/// separated by commas (no `;` or tab, which the delimiter detection would weigh, and no
/// empty first name, which marks pandas' index column).
private struct NumericHeader {
  var names: [String]
  /// Where the data lines start.
  var end: Int

  init?(_ bytes: UnsafeBufferPointer<UInt8>, limits: CSVLimits) {
    var index = 0
    while index < bytes.count, NumericCSVFastPath.isBreak(bytes[index]) { index += 1 }
    var names: [String] = []
    var start = index
    while true {
      let atEnd = index == bytes.count || NumericCSVFastPath.isBreak(bytes[index])
      if atEnd || bytes[index] == UInt8(ascii: ",") {
        let field = UnsafeBufferPointer(rebasing: bytes[start..<index])
        guard field.count <= limits.maxFieldBytes,
          field.allSatisfy({
            $0 < 0x80 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: ";")
              && $0 != UInt8(ascii: "\t")
          }),
          !field.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
        else { return nil }
        names.append(String(decoding: field, as: UTF8.self))
        guard names.count <= limits.maxFieldsPerRow else { return nil }
        if atEnd { break }
        start = index + 1
      }
      index += 1
    }
    guard Set(names).count == names.count else { return nil }
    self.names = names
    end = index
  }
}

/// Reads the records of one part into their rows of the matrix.
private struct RowReader {
  let bytes: SendableBytes
  let columns: Int
  let target: Int
  let maxFieldBytes: Int
  let pages: PageRelease
  let progress: CSVReadProgress?

  /// Reads `rows` records of `start..<end`; false at the first cell the fast path does not take.
  func read(
    from start: Int, to end: Int, firstRow: Int, rows: Int,
    features: UnsafeMutablePointer<Double>, labels: UnsafeMutablePointer<Double>
  ) -> Bool {
    let base = bytes.base
    var released = start
    var output = features + firstRow * (columns - 1)
    var row = firstRow
    var index = start
    while index < end {
      if NumericCSVFastPath.isBreak(base[index]) {
        index += 1
        continue
      }
      guard row < firstRow + rows else { return false }
      for column in 0..<columns {
        let fieldStart = index
        let value: Double
        // A plain number is read as the field is scanned; anything else, as before.
        if let plain = StrictDecimal.readPlain(
          base, from: index, to: end,
          stop: { $0 == UInt8(ascii: ",") || NumericCSVFastPath.isBreak($0) }),
          plain.end - fieldStart <= maxFieldBytes
        {
          value = plain.value
          index = plain.end
        } else {
          while index < end, base[index] != UInt8(ascii: ","),
            !NumericCSVFastPath.isBreak(base[index])
          {
            index += 1
          }
          guard index - fieldStart <= maxFieldBytes else { return false }
          let reading = StrictDecimal.read(
            utf8: UnsafeBufferPointer(start: base + fieldStart, count: index - fieldStart))
          guard case .number(let number) = reading else { return false }
          value = number
        }
        if column == target {
          labels[row] = value
        } else {
          output.initialize(to: value)
          output += 1
        }
        let last = column == columns - 1
        let atComma = index < end && base[index] == UInt8(ascii: ",")
        // A comma ends every field but the last; a line break or the end ends the last.
        guard atComma != last else { return false }
        if atComma { index += 1 }
      }
      row += 1
      if index - released >= PageRelease.step {
        pages.release(released, index)
        progress?.add(index - released)
        released = index
      }
    }
    progress?.add(index - released)
    return row == firstRow + rows
  }
}

/// Class codes from the label column: whole numbers >= 0, and -1 for no label.
private struct ClassCodes {
  var targets: [Int]
  var names: [String]

  /// The largest magnitude below which every whole number is exact in a `Double`.
  private static let largestExactInteger = 9_007_199_254_740_992.0

  init?(_ values: [Double]) {
    var seen = Set<Int>()
    var codes = [Int](repeating: -1, count: values.count)
    for (row, value) in values.enumerated() where value != -1 {
      guard value >= 0, value < Self.largestExactInteger, value.rounded(.towardZero) == value
      else { return nil }
      codes[row] = Int(value)
      seen.insert(codes[row])
    }
    guard !seen.isEmpty else { return nil }
    let classes = seen.sorted()
    let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
    targets = codes.map { $0 == -1 ? -1 : index[$0].unsafelyUnwrapped }
    names = classes.map { String($0) }
  }
}

/// Pointers shared by the workers, each writing only its own rows.
private struct SendableBytes: @unchecked Sendable {
  let base: UnsafePointer<UInt8>
  let count: Int
}

private struct SendableDoubles: @unchecked Sendable {
  let base: UnsafeMutablePointer<Double>
}

private struct SendableInts: @unchecked Sendable {
  let base: UnsafeMutablePointer<Int>
}

private struct SendableFlags: @unchecked Sendable {
  let base: UnsafeMutablePointer<Bool>
}

/// The fingerprint, written by one worker and read after all have finished.
private final class FingerprintBox: @unchecked Sendable {
  var value = ""
}
