import ProcessStart

#if canImport(Glibc)
import Glibc
#endif

/// The program's dealings with the system at start and with stderr, made so that no failure of
/// the system ends in a signal.
enum StandardStreams {
  /// Opens `/dev/null` on any of descriptors 0, 1 and 2 that is closed, so that no file the run
  /// opens later takes the place of stderr and receives its messages.
  static func secure() {
    for descriptor: Int32 in 0...2 where fcntl(descriptor, F_GETFD) < 0 && errno == EBADF {
      let opened = open("/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY)
      if opened >= 0, opened != descriptor {
        dup2(opened, descriptor)
        close(opened)
      }
    }
  }

  /// Writes `text` to stderr as far as it can: a full disk, a closed reader or a closed stderr
  /// lose the text, never the exit code.
  static func writeError(_ text: String) {
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let count = bytes.withUnsafeBytes { buffer in
        write(STDERR_FILENO, buffer.baseAddress.unsafelyUnwrapped + offset, bytes.count - offset)
      }
      if count < 0, errno == EINTR { continue }
      if count <= 0 { return }
      offset += count
    }
  }

  /// The arguments after the program's name, as passed to it; read from the process's start
  /// rather than from `/proc/self/cmdline`, which Swift's `CommandLine` uses and which a chroot
  /// or a container may lack.
  static var arguments: [String] {
    let count = Int(process_start_argument_count())
    guard count > 0 else { return Array(CommandLine.arguments.dropFirst()) }
    return (1..<count).compactMap { index in
      process_start_argument(Int32(index)).map { String(cString: $0) }
    }
  }
}
