#if canImport(Glibc)
import Glibc
#endif

/// Removes the output folder's partial files when the run is interrupted (Ctrl-C, `kill`,
/// a closed terminal), then lets the signal end the program as it would have.
///
/// The handler may only call async-signal-safe functions: it reads a fixed table of C strings
/// filled before each partial file is created, and calls `fstatat` and `unlinkat` on the
/// folder's descriptor. (`SIGKILL` cannot be caught; the next run removes what it leaves.)
enum InterruptCleanup {
  private static let capacity = 256
  nonisolated(unsafe) private static var folder: Int32 = -1
  nonisolated(unsafe) private static var count = 0
  nonisolated(unsafe) private static var names = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    .allocate(capacity: capacity)
  nonisolated(unsafe) private static var installed = false
  /// When the run created the folder: the folder above it, open, and the folder's name, so
  /// that an interrupted run removes the folder again (if nothing but the manifest is in it).
  nonisolated(unsafe) private static var parent: Int32 = -1
  nonisolated(unsafe) private static var folderName: UnsafeMutablePointer<CChar>?
  /// The manifest's name, when this run wrote the first one (then an interruption removes it).
  nonisolated(unsafe) private static var manifestName: UnsafeMutablePointer<CChar>?

  /// Starts watching `folder` (a descriptor that stays open until `stop`); `created` names
  /// the folder it is in and the folder's name when this run created it.
  static func start(
    folder descriptor: Int32, created: (parent: Int32, name: String)?, newManifest: Bool
  ) {
    let name = created.map { strdup($0.name) } ?? nil
    let manifest = newManifest ? strdup(OutputManifest.fileName) : nil
    blockSignals {
      free(manifestName)
      manifestName = manifest
      folder = descriptor
      count = 0
      parent = created?.parent ?? -1
      folderName = name
    }
    if !installed {
      installed = true
      for signalNumber in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] { signal(signalNumber, handle) }
    }
  }

  /// Adds a partial file's name, before the file is created.
  static func add(_ name: String) {
    guard count < capacity else { return }
    let copy = strdup(name)
    blockSignals {
      names[count] = copy
      count += 1
    }
  }

  /// Forgets every name: the files are in place, or removed.
  static func stop() {
    blockSignals {
      for index in 0..<count { free(names[index]) }
      count = 0
      folder = -1
      if parent >= 0 { close(parent) }
      parent = -1
      free(folderName)
      folderName = nil
    }
  }

  /// The files are in place: the folder is the report's now, an interruption keeps it.
  static func committed() {
    blockSignals {
      free(manifestName)
      manifestName = nil
      if parent >= 0 { close(parent) }
      parent = -1
    }
  }

  private static func blockSignals(_ body: () -> Void) {
    var all = sigset_t()
    var previous = sigset_t()
    sigfillset(&all)
    pthread_sigmask(SIG_BLOCK, &all, &previous)
    body()
    pthread_sigmask(SIG_SETMASK, &previous, nil)
  }

  private static let handle: @convention(c) (Int32) -> Void = { signalNumber in
    if InterruptCleanup.folder >= 0 {
      for index in 0..<InterruptCleanup.count {
        guard let name = InterruptCleanup.names[index] else { continue }
        var status = stat()
        if fstatat(InterruptCleanup.folder, name, &status, AT_SYMLINK_NOFOLLOW) == 0,
          status.st_mode & S_IFMT == S_IFREG
        {
          unlinkat(InterruptCleanup.folder, name, 0)
        }
      }
    }
    if InterruptCleanup.folder >= 0, let manifest = InterruptCleanup.manifestName {
      unlinkat(InterruptCleanup.folder, manifest, 0)
    }
    if InterruptCleanup.folder >= 0, InterruptCleanup.parent >= 0,
      let name = InterruptCleanup.folderName
    {
      unlinkat(InterruptCleanup.parent, name, AT_REMOVEDIR)
    }
    signal(signalNumber, SIG_DFL)
    raise(signalNumber)
  }
}
