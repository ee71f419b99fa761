import Foundation

/// The bytes of a CSV file read so far, handed to a progress callback.
///
/// The readers add what they have read every few megabytes (when they release
/// the pages behind them) and at the end of their part, so the lock is taken a
/// few hundred times for a file of a gigabyte, never per row.
final class CSVReadProgress: @unchecked Sendable {
  private let lock = NSLock()
  private var done = 0
  private var total = 0
  private let callback: @Sendable (_ done: Int, _ total: Int) -> Void

  init(_ callback: @escaping @Sendable (_ done: Int, _ total: Int) -> Void) {
    self.callback = callback
  }

  /// Starts the count: `total` bytes to read.
  func start(total: Int) {
    lock.lock()
    (done, self.total) = (0, total)
    lock.unlock()
    callback(0, total)
  }

  /// `bytes` more were read.
  func add(_ bytes: Int) {
    lock.lock()
    done += bytes
    let (done, total) = (self.done, self.total)
    lock.unlock()
    callback(min(done, total), total)
  }
}
