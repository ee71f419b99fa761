#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole input file into memory, with errors that name the path as the user typed it.
enum FileBytes {
  /// The bytes of the file at `path`, refusing more than `limit` bytes.
  ///
  /// Only regular files are read, checked against the cap before anything is read: a FIFO
  /// would block until a writer came, and a device (`/dev/zero`) would be read to the cap.
  /// The file is opened without blocking, so a FIFO is refused at once.
  static func contents(ofPath path: String, limit: Int) throws(DataError) -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard descriptor >= 0 else { throw openError(path: path, code: errno) }
    defer { close(descriptor) }

    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      throw DataError(
        kind: .unreadable, file: path, message: "cannot read the file: \(describe(errno))")
    }
    let type = status.st_mode & S_IFMT
    if type == S_IFDIR {
      throw DataError(kind: .isDirectory, file: path, message: "is a folder, not a CSV file")
    }
    let isRegular = type == S_IFREG
    guard isRegular else {
      let what = type == S_IFIFO ? "a pipe (FIFO)" : type == S_IFSOCK ? "a socket" : "a device"
      throw DataError(
        kind: .unreadable, file: path,
        message: "is \(what), not a regular file; save the data to a file and give its path")
    }
    if status.st_size > limit {
      throw tooLarge(path: path, size: "\(status.st_size) bytes", limit: limit)
    }

    let chunkSize = 1 << 20
    var chunk = [UInt8](repeating: 0, count: chunkSize)
    var bytes: [UInt8] = []
    if isRegular, status.st_size > 0 { bytes.reserveCapacity(Int(status.st_size)) }
    while true {
      let count = chunk.withUnsafeMutableBytes { buffer in
        read(descriptor, buffer.baseAddress, buffer.count)
      }
      if count < 0 {
        let code = errno
        if code == EINTR { continue }
        throw DataError(
          kind: .unreadable, file: path, message: "cannot read the file: \(describe(code))")
      }
      if count == 0 { return bytes }
      bytes.append(contentsOf: chunk[0..<count])
      if bytes.count > limit {
        throw tooLarge(path: path, size: "more than \(limit) bytes", limit: limit)
      }
    }
  }

  private static func openError(path: String, code: Int32) -> DataError {
    switch code {
    case ENOENT:
      return DataError(kind: .missingFile, file: path, message: "no such file")
    case ENOTDIR:
      return DataError(
        kind: .missingFile, file: path, message: "no such file: a part of the path is not a folder")
    case EISDIR:
      return DataError(kind: .isDirectory, file: path, message: "is a folder, not a CSV file")
    default:
      return DataError(
        kind: .unreadable, file: path, message: "cannot open the file: \(describe(code))")
    }
  }

  private static func tooLarge(path: String, size: String, limit: Int) -> DataError {
    DataError(
      kind: .tooLarge, file: path,
      message: "the file has \(size), more than the cap of \(limit) bytes")
  }

  /// The C library's text for `errno` value `code`.
  private static func describe(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text)
  }
}
