import Dispatch
import Foundation

/// Runs `body` once per worker over disjoint parts of a job, on every core.
///
/// The closure gets the worker number in `0..<count`; each worker writes only
/// to memory it owns, so no locking is needed.
@inline(__always)
func forEachWorker(_ count: Int, _ body: @Sendable (Int) -> Void) {
  if count <= 1 {
    body(0)
    return
  }
  DispatchQueue.concurrentPerform(iterations: count, execute: body)
}

/// How many workers to split `work` units across (at most one per core).
func workerCount(forWork work: Int, minimumPerWorker: Int = 50_000) -> Int {
  let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
  return max(1, min(cores, work / max(1, minimumPerWorker)))
}

/// A mutable buffer that workers share, each touching only its own part.
///
/// `concurrentPerform` needs its closure to capture storage by reference; this
/// wrapper states that the disjoint-writes discipline is the caller's promise.
struct SharedBuffer<Element>: @unchecked Sendable {
  let base: UnsafeMutablePointer<Element>
  let count: Int

  init(_ pointer: UnsafeMutableBufferPointer<Element>) {
    // An empty buffer may have no base address; it is never dereferenced then.
    base =
      pointer.baseAddress
      ?? UnsafeMutablePointer(bitPattern: MemoryLayout<Element>.alignment).unsafelyUnwrapped
    count = pointer.count
  }

  /// Shares read-only storage; the workers must not write through it.
  init(readOnly pointer: UnsafeBufferPointer<Element>) {
    self.init(UnsafeMutableBufferPointer(mutating: pointer))
  }

  subscript(index: Int) -> Element {
    get { base[index] }
    nonmutating set { base[index] = newValue }
  }
}
