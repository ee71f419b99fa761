import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Checks at start that the system gives the run a few threads and some memory.
///
/// Without them, the thread pools would wait forever for a worker that never
/// started (holding the output folder's lock), or stop the program with a signal in the
/// middle of the run; this way the run ends at once with exit 71 (`EX_OSERR`) and one line.
enum SystemProbe {
  /// Threads alive at once in a run: the pool's workers (one per processor), the helpers of
  /// the parallel loops, the template reader and the flushes of the output files.
  static var threadsNeeded: Int { ProcessInfo.processInfo.activeProcessorCount + 2 }

  /// Address space the smallest run needs beyond what the program has mapped at start.
  static let memoryNeeded = 24 << 20

  /// Why the run cannot go on, or `nil`.
  static func problem() -> String? {
    if let reason = startThreads(threadsNeeded) {
      return "cannot start \(threadsNeeded) threads (\(reason)); "
        + "the limit on processes (ulimit -u) or on memory (ulimit -v) is too low"
    }
    guard let block = malloc(memoryNeeded) else {
      return "cannot reserve \(memoryNeeded >> 20) MB of memory; the memory limit (ulimit -v) "
        + "is too low"
    }
    free(block)
    return nil
  }

  /// Starts `count` threads that all wait until the last has started, then ends them; the
  /// system's reason when one cannot be started.
  private static func startThreads(_ count: Int) -> String? {
    var ends: [Int32] = [0, 0]
    guard pipe(&ends) == 0 else { return systemReason() }
    var threads: [pthread_t] = []
    var failure: String?
    for _ in 0..<count {
      var thread = pthread_t()
      let result = pthread_create(
        &thread, nil,
        { argument in
          // Waits for the end of the pipe to close.
          var byte: UInt8 = 0
          let descriptor = Int32(Int(bitPattern: argument))
          while read(descriptor, &byte, 1) < 0, errno == EINTR {}
          return nil
        }, UnsafeMutableRawPointer(bitPattern: Int(ends[0])))
      if result != 0 {
        failure = systemReason(result)
        break
      }
      threads.append(thread)
    }
    close(ends[1])
    for thread in threads { pthread_join(thread, nil) }
    close(ends[0])
    return failure
  }
}
