import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The size of a CSV file's matrix, guessed from the file's size and its first lines before
/// the file is read, so that a file too large for the memory can be refused at once.
///
/// The columns are the header's fields (split on the most frequent of `,`, `;` and tab); the
/// rows are the bytes after the header divided by the mean length of the whole lines that
/// follow it in the first 64 KiB. Reading needs at least the file (mapped or read) and one
/// `Double` per cell.
public struct CSVSizeEstimate: Sendable, Equatable {
  public let fileBytes: Int
  public let rows: Int
  public let columns: Int

  /// The file and the matrix of numbers: what reading it takes at the least.
  public var bytes: Int { fileBytes + rows * columns * MemoryLayout<Double>.stride }

  /// The estimate for the regular file at `path`; nil when it is not one or cannot be read.
  public static func of(path: String) -> CSVSizeEstimate? {
    // Non-blocking, so that a FIFO is not waited on; it is refused elsewhere.
    let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
      return nil
    }
    let size = Int(status.st_size)
    var head = [UInt8](repeating: 0, count: min(size, 64 << 10))
    let count = head.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
    guard count > 0 else { return nil }
    return estimate(head: head[..<count], fileBytes: size)
  }

  /// The estimate from the first bytes of a file of `fileBytes`.
  static func estimate(head: ArraySlice<UInt8>, fileBytes: Int) -> CSVSizeEstimate? {
    let newline = UInt8(ascii: "\n")
    guard let headerEnd = head.firstIndex(of: newline) else {
      return CSVSizeEstimate(fileBytes: fileBytes, rows: 0, columns: 0)
    }
    let header = head[head.startIndex..<headerEnd]
    let columns =
      [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")].map { delimiter in
        header.reduce(0) { $0 + ($1 == delimiter ? 1 : 0) }
      }.max().map { $0 + 1 } ?? 1
    // Whole lines after the header in the sample, and their mean length.
    let body = head[(headerEnd + 1)...]
    let lastNewline = body.lastIndex(of: newline)
    let lines = lastNewline.map { end in body[...end].reduce(0) { $0 + ($1 == newline ? 1 : 0) } }
    let rest = fileBytes - (headerEnd + 1 - head.startIndex)
    guard let lines, lines > 0, let lastNewline else {
      // No whole line yet: a value takes at least two bytes ("0,").
      return CSVSizeEstimate(
        fileBytes: fileBytes, rows: max(0, rest) / max(1, 2 * columns), columns: columns)
    }
    let sampled = lastNewline + 1 - (headerEnd + 1)
    let rows = Int((Double(rest) * Double(lines) / Double(sampled)).rounded(.up))
    return CSVSizeEstimate(fileBytes: fileBytes, rows: rows, columns: columns)
  }
}
