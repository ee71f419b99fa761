import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An open folder; every operation on its entries names them relative to the descriptor, one
/// component at a time, so no path is resolved again after it was checked and no symbolic link
/// on the way can redirect a rename or a delete.
struct FolderDescriptor {
  let descriptor: Int32

  /// Opens `path` as a folder, refusing a symbolic link in its last component.
  static func open(_ path: String) -> FolderDescriptor? {
    let descriptor = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
    return descriptor >= 0 ? FolderDescriptor(descriptor: descriptor) : nil
  }

  func close() { _ = Glibc.close(descriptor) }

  /// The entry's own status (a symbolic link is not followed), or `nil` when it is missing.
  func status(of name: String) -> stat? {
    var status = stat()
    return fstatat(descriptor, name, &status, AT_SYMLINK_NOFOLLOW) == 0 ? status : nil
  }

  /// The folder's own status.
  func status() -> stat? {
    var status = stat()
    return fstat(descriptor, &status) == 0 ? status : nil
  }

  /// Deletes `name` when it is a regular file; returns whether it did.
  ///
  /// `expectedInode`, when given, must match. A folder, a link or anything else of that name is
  /// left alone.
  @discardableResult
  func removeFile(_ name: String, expectedInode: UInt64? = nil) -> Bool {
    guard let status = status(of: name), status.st_mode & S_IFMT == S_IFREG else { return false }
    if let expectedInode, UInt64(status.st_ino) != expectedInode { return false }
    return unlinkat(descriptor, name, 0) == 0
  }

  /// Creates `name` for writing; fails when anything of that name exists.
  func createFile(_ name: String, mode: mode_t = 0o666) -> Int32 {
    openat(descriptor, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
  }

  /// The whole content of the regular file `name`, or `nil` when it is missing or not one.
  func read(_ name: String, limit: Int = 1 << 20) -> [UInt8]? {
    let file = openat(descriptor, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
    guard file >= 0 else { return nil }
    defer { _ = Glibc.close(file) }
    var status = stat()
    guard fstat(file, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while bytes.count <= limit {
      let count = chunk.withUnsafeMutableBytes { Glibc.read(file, $0.baseAddress, $0.count) }
      if count < 0, errno == EINTR { continue }
      if count < 0 { return nil }
      if count == 0 { return bytes }
      bytes += chunk[0..<count]
    }
    return nil
  }

  /// Renames `from` over `to`, both in this folder.
  func rename(_ from: String, to: String) -> Bool {
    renameat(descriptor, from, descriptor, to) == 0
  }

  /// Flushes the folder's entries (the renames) to the disk.
  func sync() { _ = fsync(descriptor) }
}

/// Writes all of `bytes` to `descriptor`; returns `errno` on failure.
func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Int32? {
  var offset = 0
  while offset < bytes.count {
    let count = bytes.withUnsafeBytes { buffer in
      Glibc.write(descriptor, buffer.baseAddress.unsafelyUnwrapped + offset, bytes.count - offset)
    }
    if count < 0 {
      if errno == EINTR { continue }
      return errno
    }
    offset += count
  }
  return nil
}
