import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Why the output folder could not be prepared or written; carries the exit code.
struct OutputError: Error, CustomStringConvertible {
  /// `EX_USAGE`, `EX_CANTCREAT`, `EX_IOERR` or `EX_TEMPFAIL`, as in `sysexits.h`.
  let exitCode: Int32
  let description: String

  static func refused(_ reason: String) -> OutputError {
    OutputError(exitCode: 64, description: reason)
  }

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

/// Writes a command's files into an output folder, touching nothing but the files the tool
/// itself wrote there.
///
/// The folder itself is never moved, replaced or re-created: it keeps its permissions, owner,
/// group and inode (a mount point works). Each file is written under a private name
/// (`.NAME.report-partial`), flushed to the disk, and renamed over `NAME` in one step, figures
/// first and pages last, so a reader sees whole files only. The folder's `.report-manifest`
/// lists the names the tool wrote (see `OutputManifest`); a new name enters it before its file
/// is created, so whatever a killed run leaves behind is named there and removed, by exact
/// name, by the next run. Nothing else in the folder is ever renamed or deleted. All of it goes
/// through a descriptor of the folder (`openat`, `renameat`, `unlinkat`), never through paths.
///
/// The lock is `flock` on that descriptor: a second run into the same folder stops with 75,
/// and no lock file is left anywhere. A run that fails before writing anything removes the
/// folder again when it created it.
///
/// Each file is flushed (`fsync`) on a background queue while the run goes on making the next
/// ones; `commit` waits for every flush, and reports the first that failed, before any file
/// takes its place.
final class OutputFolder {
  let target: URL
  private let shownPath: String
  private let folder: FolderDescriptor
  /// Whether this run made the folder (then a failed run removes it again).
  private let createdFolder: Bool
  /// The manifest as found, and as it is on the disk now.
  private let foundManifest: OutputManifest?
  private var manifest: OutputManifest
  private var manifestChanged = false
  /// Stems of the files this command writes: earlier files of the tool with these stems that
  /// this run does not write again are removed at the commit; other commands' are kept.
  private let ownedStems: Set<String>
  /// Input files lying in the folder, which no output may replace.
  private let inputNames: Set<String>
  /// Files written and not yet in place, in the order they were written.
  private var pending: [PendingFile] = []
  private var committed = false
  /// Where the flushes run, one after the other.
  private let flushQueue = DispatchQueue(label: "report.output-folder.fsync")

  private struct PendingFile {
    let name: String
    var descriptor: Int32
    let flush: Flush
    var inode: UInt64 = 0
  }

  /// Opens (or creates) the folder, checks it may receive a report, and takes the lock.
  ///
  /// `inputs` are the files the run reads: a folder holding one of them is refused unless it
  /// is already the tool's own output folder, and no output may replace one of them.
  init(path: String, ownedStems: Set<String>, inputs: [String] = []) throws(OutputError) {
    self.ownedStems = ownedStems
    let target = URL(fileURLWithPath: path).standardizedFileURL
    self.target = target
    shownPath = path

    var status = stat()
    var created = false
    if lstat(path, &status) == 0 {
      if status.st_mode & S_IFMT == S_IFLNK {
        throw .cannotCreate(path, "it is a symbolic link; give the real folder instead")
      }
      guard status.st_mode & S_IFMT == S_IFDIR else {
        throw .cannotCreate(path, "it exists and is not a folder")
      }
    } else {
      let parent = target.deletingLastPathComponent().path
      guard stat(parent, &status) == 0 else {
        throw .cannotCreate(path, "the folder \(parent) does not exist (\(systemReason()))")
      }
      guard status.st_mode & S_IFMT == S_IFDIR else {
        throw .cannotCreate(path, "\(parent) is not a folder")
      }
      if mkdir(path, 0o777) == 0 {
        created = true
      } else if errno != EEXIST {
        throw .cannotCreate(path, systemReason())
      }
    }
    guard let folder = FolderDescriptor.open(path) else {
      throw .cannotCreate(path, systemReason())
    }
    guard let canonical = OutputPlace.canonical(path) else {
      folder.close()
      throw .cannotCreate(path, systemReason())
    }
    let ownFolder = folder.status(of: OutputManifest.fileName) != nil
    if !created, !ownFolder,
      let refusal = OutputPlace.refusal(folder: canonical, shownPath: path, inputs: inputs)
    {
      folder.close()
      throw .refused(refusal)
    }
    guard flock(folder.descriptor, LOCK_EX | LOCK_NB) == 0 else {
      let reason = errno
      folder.close()
      if reason == EWOULDBLOCK {
        throw OutputError(
          exitCode: 75,
          description: "\(path) is being written by another report run; try again when it ends")
      }
      throw .cannotCreate(path, "cannot lock it: \(systemReason(reason))")
    }
    // A run that created the folder and failed may have removed it while this one waited.
    guard let own = folder.status(), own.st_nlink > 0 else {
      folder.close()
      throw OutputError(
        exitCode: 75, description: "\(path) was removed by another report run; try again")
    }
    guard faccessat(folder.descriptor, ".", W_OK | X_OK, 0) == 0 else {
      let reason = systemReason()
      folder.close()
      throw .cannotCreate(path, "the folder is not writable (\(reason))")
    }
    self.folder = folder
    createdFolder = created
    inputNames = OutputPlace.inputNames(in: canonical, inputs: inputs)
    foundManifest = folder.read(OutputManifest.fileName).flatMap(OutputManifest.init(bytes:))
    manifest = foundManifest ?? OutputManifest()
    InterruptCleanup.start(
      folder: folder.descriptor,
      created: created
        ? FolderDescriptor.open(target.deletingLastPathComponent().path).map {
          ($0.descriptor, target.lastPathComponent)
        } : nil,
      newManifest: foundManifest == nil)
    // Holding the lock, any partial file is left over from a killed run.
    folder.removeFile(OutputManifest.partialName(OutputManifest.fileName))
    for name in manifest.names { folder.removeFile(OutputManifest.partialName(name)) }
  }

  deinit {
    flushQueue.sync {}
    for file in pending {
      if file.descriptor >= 0 { close(file.descriptor) }
      folder.removeFile(OutputManifest.partialName(file.name))
    }
    if !committed {
      if createdFolder {
        folder.removeFile(OutputManifest.fileName)
        removeCreatedFolder()
      } else if manifestChanged {
        if let foundManifest {
          _ = try? saveManifest(foundManifest, sync: false)
        } else {
          folder.removeFile(OutputManifest.fileName)
        }
      }
    }
    InterruptCleanup.stop()
    folder.close()
  }

  /// Removes the folder this run created, if it is still that folder and empty.
  private func removeCreatedFolder() {
    guard let own = folder.status(),
      let parent = FolderDescriptor.open(target.deletingLastPathComponent().path)
    else { return }
    defer { parent.close() }
    let name = target.lastPathComponent
    if let entry = parent.status(of: name), entry.st_ino == own.st_ino, entry.st_dev == own.st_dev {
      unlinkat(parent.descriptor, name, AT_REMOVEDIR)
    }
  }

  /// Writes one file under its partial name, checking every call; it takes its place at `commit`.
  func write(_ name: String, _ bytes: [UInt8]) throws(OutputError) {
    precondition(OutputManifest.isPlainName(name), "output files live at the top of the folder")
    let shown = target.appendingPathComponent(name).path
    if inputNames.contains(name) {
      throw .refused("\(shown) is the input data; the report would replace it")
    }
    if !manifest.contains(name) {
      manifest.set(name, inode: 0)
      try saveManifest(manifest, sync: false)
    }
    let partial = OutputManifest.partialName(name)
    InterruptCleanup.add(partial)
    let descriptor = folder.createFile(partial)
    guard descriptor >= 0 else {
      let reason =
        errno == EEXIST ? "\(partial) is in the way; it is not the tool's" : systemReason()
      throw .ioError(shown, reason)
    }
    if let error = writeAll(descriptor, bytes) {
      close(descriptor)
      folder.removeFile(partial)
      throw .ioError(shown, systemReason(error))
    }
    keepOwnership(descriptor, of: name)
    let flush = Flush()
    flushQueue.async { flush.run(descriptor) }
    pending.append(PendingFile(name: name, descriptor: descriptor, flush: flush))
  }

  /// Gives a file the permissions (and, for root, owner and group) of the file it replaces.
  private func keepOwnership(_ descriptor: Int32, of name: String) {
    guard let old = folder.status(of: name), old.st_mode & S_IFMT == S_IFREG else { return }
    if geteuid() == 0 { _ = fchown(descriptor, old.st_uid, old.st_gid) }
    _ = fchmod(descriptor, old.st_mode & 0o777)
  }

  /// Waits for the flushes of the files written so far and closes them, checking both; throws
  /// the first failure, in the order the files were written, after closing every file.
  private func finishFlushing() throws(OutputError) {
    flushQueue.sync {}
    var failure: OutputError?
    for index in pending.indices {
      let file = pending[index]
      let shown = target.appendingPathComponent(file.name).path
      if failure == nil, let code = file.flush.failure {
        failure = .ioError(shown, systemReason(code))
      }
      var status = stat()
      if fstat(file.descriptor, &status) == 0 { pending[index].inode = UInt64(status.st_ino) }
      if close(file.descriptor) != 0, failure == nil {
        failure = .ioError(shown, systemReason())
      }
      pending[index].descriptor = -1
    }
    if let failure { throw failure }
  }

  /// Puts every written file in place (figures, then data, then pages), removes this command's
  /// files of an earlier run that this one did not write, and records the result.
  func commit() throws(OutputError) {
    try finishFlushing()
    OutputTestHooks.hold("commit")
    let order = pending.indices.sorted {
      (rank(pending[$0].name), $0) < (rank(pending[$1].name), $1)
    }
    for index in order {
      let file = pending[index]
      guard folder.rename(OutputManifest.partialName(file.name), to: file.name) else {
        throw .ioError(target.appendingPathComponent(file.name).path, systemReason())
      }
      manifest.set(file.name, inode: file.inode)
      OutputTestHooks.pause()
    }
    let written = Set(pending.map(\.name))
    pending = []
    for name in manifest.names where !written.contains(name) && ownedStems.contains(stem(name)) {
      if let inode = manifest.entries[name], inode != 0 {
        folder.removeFile(name, expectedInode: inode)
        OutputTestHooks.pause()
      }
      manifest.remove(name)
    }
    try saveManifest(manifest, sync: true)
    folder.sync()
    committed = true
    InterruptCleanup.committed()
  }

  /// Replaces the manifest by an atomic rename of a whole new one.
  private func saveManifest(_ manifest: OutputManifest, sync: Bool) throws(OutputError) {
    let partial = OutputManifest.partialName(OutputManifest.fileName)
    let shown = target.appendingPathComponent(OutputManifest.fileName).path
    folder.removeFile(partial)
    let descriptor = folder.createFile(partial, mode: 0o644)
    guard descriptor >= 0 else { throw .ioError(shown, systemReason()) }
    if let error = writeAll(descriptor, manifest.bytes) {
      close(descriptor)
      folder.removeFile(partial)
      throw .ioError(shown, systemReason(error))
    }
    if sync, fsync(descriptor) != 0, errno != EINVAL, errno != EROFS {
      let reason = systemReason()
      close(descriptor)
      folder.removeFile(partial)
      throw .ioError(shown, reason)
    }
    close(descriptor)
    guard folder.rename(partial, to: OutputManifest.fileName) else {
      let reason = systemReason()
      folder.removeFile(partial)
      throw .ioError(shown, reason)
    }
    manifestChanged = true
  }

  /// Figures go in place first, pages last, so a page never shows a figure not yet written.
  private func rank(_ name: String) -> Int {
    let lowered = name.lowercased()
    if lowered.hasSuffix(".html") { return 2 }
    if lowered.hasSuffix(".png") || lowered.hasSuffix(".svg") || lowered.hasSuffix(".pdf") {
      return 0
    }
    return 1
  }

  /// `confusion_matrix` for `confusion_matrix.png` and for its high-density `confusion_matrix@2x.png`.
  private func stem(_ name: String) -> String {
    let base = name.split(separator: "@", maxSplits: 1).first.map(String.init) ?? name
    return base.split(separator: ".", maxSplits: 1).first.map(String.init) ?? base
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
