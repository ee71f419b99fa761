import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Why the output folder could not be prepared or written; carries the exit code.
struct OutputError: Error, CustomStringConvertible {
  /// `EX_CANTCREAT`, `EX_IOERR` or `EX_TEMPFAIL`, as in `sysexits.h`.
  let exitCode: Int32
  let description: String

  static func cannotCreate(_ path: String, _ reason: String) -> OutputError {
    OutputError(exitCode: 73, description: "cannot create \(path): \(reason)")
  }

  static func ioError(_ path: String, _ reason: String) -> OutputError {
    OutputError(exitCode: 74, description: "cannot write \(path): \(reason)")
  }
}

/// The system's text for the current `errno`.
func systemReason(_ code: Int32 = errno) -> String {
  String(cString: strerror(code))
}

/// Replaces an output folder as a whole, so that readers see the old or the new report, never a mix.
///
/// Files are written into a private staging folder beside the target. When
/// all are written, flushed and closed, the staging folder takes the target's
/// place with one `renameat2(RENAME_EXCHANGE)` (two renames where the kernel
/// lacks it), and the old contents are deleted. Entries in the target that
/// this run does not produce (a `.gitkeep`, the user's notes) are carried over.
/// A lock file beside the target keeps a second run out while one is writing.
/// Any failure removes the staging folder and leaves the target as it was.
///
/// Each file is flushed to the disk (`fsync`) on a background queue while the run goes on
/// making the next ones; `commit` waits for every flush, and reports the first that failed,
/// before anything takes the target's place.
final class OutputFolder {
  let target: URL
  private let staging: URL
  private var lockDescriptor: Int32 = -1
  private var written = Set<String>()
  private var committed = false
  /// Files written and still open, in the order they were written, each with its flush.
  private var flushing: [(descriptor: Int32, shownPath: String, flush: Flush)] = []
  /// Where the flushes run, one after the other.
  private let flushQueue = DispatchQueue(label: "report.output-folder.fsync")
  /// File stems this command owns: earlier versions of them are not carried over.
  private let ownedStems: Set<String>

  /// Checks that the folder can be written and takes the lock; creates nothing else yet.
  ///
  /// `ownedStems` names the files this command writes (`report`, `confusion_matrix`, …):
  /// a stale `confusion_matrix.svg` from an earlier run is dropped, while the
  /// files of another command writing into the same folder are kept.
  init(path: String, ownedStems: Set<String>) throws(OutputError) {
    self.ownedStems = ownedStems
    let target = URL(fileURLWithPath: path).standardizedFileURL
    self.target = target
    let parent = target.deletingLastPathComponent()
    let name = target.lastPathComponent
    staging = parent.appendingPathComponent(".\(name).staging-\(getpid())")

    var status = stat()
    guard stat(parent.path, &status) == 0 else {
      throw .cannotCreate(path, "the folder \(parent.path) does not exist (\(systemReason()))")
    }
    guard status.st_mode & S_IFMT == S_IFDIR else {
      throw .cannotCreate(path, "\(parent.path) is not a folder")
    }
    if lstat(target.path, &status) == 0 {
      if status.st_mode & S_IFMT == S_IFLNK {
        throw .cannotCreate(path, "it is a symbolic link; give the real folder instead")
      }
      guard status.st_mode & S_IFMT == S_IFDIR else {
        throw .cannotCreate(path, "it exists and is not a folder")
      }
    }
    guard access(parent.path, W_OK | X_OK) == 0 else {
      throw .cannotCreate(path, "the folder \(parent.path) is not writable (\(systemReason()))")
    }

    let lockPath = parent.appendingPathComponent(".\(name).lock").path
    let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
    guard descriptor >= 0 else {
      throw .cannotCreate(path, "cannot open the lock file \(lockPath): \(systemReason())")
    }
    guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
      let reason = errno
      close(descriptor)
      if reason == EWOULDBLOCK {
        throw OutputError(
          exitCode: 75,
          description: "\(path) is being written by another report run; try again when it ends")
      }
      throw .cannotCreate(path, "cannot lock \(lockPath): \(systemReason(reason))")
    }
    lockDescriptor = descriptor
    // Holding the lock, any other staging folder is left over from a killed run.
    let prefix = ".\(name).staging-"
    for entry in (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
    where entry.hasPrefix(prefix) {
      removeTree(parent.appendingPathComponent(entry).path)
    }
    guard mkdir(staging.path, 0o755) == 0 else {
      let reason = systemReason()
      releaseLock()
      throw .cannotCreate(path, "cannot create the staging folder \(staging.path): \(reason)")
    }
  }

  deinit {
    _ = try? finishFlushing()
    if !committed { removeTree(staging.path) }
    releaseLock()
  }

  private func releaseLock() {
    if lockDescriptor >= 0 {
      flock(lockDescriptor, LOCK_UN)
      close(lockDescriptor)
      lockDescriptor = -1
    }
  }

  /// Writes one file into the staging folder, checking every call (flush and close too).
  func write(_ name: String, _ bytes: [UInt8]) throws(OutputError) {
    precondition(!name.contains("/"), "output files live at the top of the folder")
    let path = staging.appendingPathComponent(name).path
    let shownPath = target.appendingPathComponent(name).path
    let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw .ioError(shownPath, systemReason()) }
    var offset = 0
    while offset < bytes.count {
      let count = bytes.withUnsafeBytes { buffer in
        Glibc.write(descriptor, buffer.baseAddress.unsafelyUnwrapped + offset, bytes.count - offset)
      }
      if count < 0 {
        if errno == EINTR { continue }
        let reason = systemReason()
        close(descriptor)
        throw .ioError(shownPath, reason)
      }
      offset += count
    }
    let flush = Flush()
    flushQueue.async { flush.run(descriptor) }
    flushing.append((descriptor, shownPath, flush))
    written.insert(name)
  }

  /// Waits for the flushes of the files written so far and closes them, checking both; throws
  /// the first failure, in the order the files were written, after closing every file.
  private func finishFlushing() throws(OutputError) {
    flushQueue.sync {}
    var failure: OutputError?
    for file in flushing {
      if failure == nil, let code = file.flush.failure {
        failure = .ioError(file.shownPath, systemReason(code))
      }
      if close(file.descriptor) != 0, failure == nil {
        failure = .ioError(file.shownPath, systemReason())
      }
    }
    flushing = []
    if let failure { throw failure }
  }

  /// Puts the staged files in place of the target folder in one step.
  func commit() throws(OutputError) {
    try finishFlushing()
    var status = stat()
    let targetExists = lstat(target.path, &status) == 0
    var carried: [String] = []
    if targetExists {
      // Carry over what this run does not produce, by hard link or by moving it.
      let entries = (try? FileManager.default.contentsOfDirectory(atPath: target.path)) ?? []
      for entry in entries where !written.contains(entry) && !isOwned(entry) {
        let from = target.appendingPathComponent(entry).path
        let to = staging.appendingPathComponent(entry).path
        var entryStatus = stat()
        guard lstat(from, &entryStatus) == 0 else { continue }
        if entryStatus.st_mode & S_IFMT == S_IFREG, link(from, to) == 0 { continue }
        guard rename(from, to) == 0 else {
          let reason = systemReason()
          restore(carried)
          throw .ioError(from, "cannot carry it over: \(reason)")
        }
        carried.append(entry)
      }
      guard exchange(staging.path, target.path) else {
        let reason = systemReason()
        restore(carried)
        throw .ioError(target.path, "cannot replace the folder: \(reason)")
      }
      committed = true
      removeTree(staging.path)  // now holds the previous report
    } else {
      guard rename(staging.path, target.path) == 0 else {
        throw .cannotCreate(target.path, systemReason())
      }
      committed = true
    }
    let parent = open(target.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY)
    if parent >= 0 {
      fsync(parent)
      close(parent)
    }
  }

  /// Moves carried-over entries back after a failed swap.
  private func restore(_ entries: [String]) {
    for entry in entries {
      rename(
        staging.appendingPathComponent(entry).path, target.appendingPathComponent(entry).path)
    }
  }

  /// Whether an entry is an earlier version of a file this command writes.
  private func isOwned(_ name: String) -> Bool {
    let stem = name.split(separator: ".", maxSplits: 1).first.map(String.init) ?? name
    return ownedStems.contains(stem)
  }

  /// Swaps two paths atomically with `renameat2(RENAME_EXCHANGE)`, or with two renames.
  private func exchange(_ first: String, _ second: String) -> Bool {
    typealias RenameAt2 =
      @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    let exchangeFlag: UInt32 = 2  // RENAME_EXCHANGE
    if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") {
      let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
      if renameat2(AT_FDCWD, first, AT_FDCWD, second, exchangeFlag) == 0 { return true }
      if errno != EINVAL && errno != ENOSYS { return false }
    }
    let aside = second + ".previous-\(getpid())"
    guard rename(second, aside) == 0 else { return false }
    guard rename(first, second) == 0 else {
      rename(aside, second)
      return false
    }
    return rename(aside, first) == 0
  }
}

/// One file's `fsync`, run on `OutputFolder`'s queue.
private final class Flush: @unchecked Sendable {
  // Written on the flush queue, read after `sync` on that queue has returned.
  private(set) var failure: Int32?

  func run(_ descriptor: Int32) {
    // A file system that cannot flush (EINVAL) or is read-only (EROFS) has nothing to do.
    if fsync(descriptor) != 0, errno != EINVAL, errno != EROFS {
      failure = errno
    }
  }
}

/// Deletes a folder and everything in it without following symbolic links.
func removeTree(_ path: String) {
  var status = stat()
  guard lstat(path, &status) == 0 else { return }
  if status.st_mode & S_IFMT == S_IFDIR {
    for entry in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
      removeTree(path + "/" + entry)
    }
    rmdir(path)
  } else {
    unlink(path)
  }
}
