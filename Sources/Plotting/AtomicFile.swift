#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that readers see either the old content or the whole new content:
/// the bytes go to a temporary file in the same folder, which is flushed and renamed over
/// the target.
enum AtomicFile {
  static func write(_ bytes: [UInt8], to path: String) throws(PlotError) {
    let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw ioError(path: temporary, operation: "create")
    }
    var written = 0
    while written < bytes.count {
      let result = bytes.withUnsafeBytes { raw in
        posixWrite(descriptor, raw.baseAddress! + written, raw.count - written)
      }
      if result < 0 {
        if errno == EINTR { continue }
        let error = ioError(path: temporary, operation: "write")
        close(descriptor)
        unlink(temporary)
        throw error
      }
      written += result
    }
    if fsync(descriptor) != 0 {
      let error = ioError(path: temporary, operation: "fsync")
      close(descriptor)
      unlink(temporary)
      throw error
    }
    if close(descriptor) != 0 {
      let error = ioError(path: temporary, operation: "close")
      unlink(temporary)
      throw error
    }
    if rename(temporary, path) != 0 {
      let error = ioError(path: path, operation: "rename \(temporary) to")
      unlink(temporary)
      throw error
    }
  }

  /// `PlotError.io` for the current `errno`.
  private static func ioError(path: String, operation: String) -> PlotError {
    PlotError.io(path: path, operation: operation, message: String(cString: strerror(errno)))
  }
}

/// `write(2)`, named apart from `AtomicFile.write`.
private func posixWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
  #if canImport(Glibc)
  return Glibc.write(descriptor, buffer, count)
  #else
  return Darwin.write(descriptor, buffer, count)
  #endif
}
