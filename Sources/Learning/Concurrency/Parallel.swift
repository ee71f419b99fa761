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

/// The processors this process may use, read once: Foundation reads the
/// cgroup's quota and cpuset files at every `activeProcessorCount`, which
/// costs more than a small fit's product.
let processorCount = max(1, ProcessInfo.processInfo.activeProcessorCount)

/// How many workers to split `work` units across (at most one per core).
func workerCount(forWork work: Int, minimumPerWorker: Int = 50_000) -> Int {
  return max(1, min(processorCount, work / max(1, minimumPerWorker)))
}

/// Runs `body(part)` for every part in `0..<parts`, each once, on up to one worker per core.
///
/// Workers take the next part as they finish one, so a core slowed by other
/// processes takes fewer parts instead of holding everyone up. Which worker
/// runs a part is not fixed: results must be written to storage owned by the
/// part, never by the worker, for them not to depend on the schedule.
func forEachPart(_ parts: Int, _ body: @escaping @Sendable (Int) -> Void) {
  let workers = min(processorCount, parts)
  if workers <= 1 {
    for part in 0..<parts { body(part) }
    return
  }
  if Crew.shared.run(parts: parts, body) { return }
  let next = PartCounter()
  DispatchQueue.concurrentPerform(iterations: workers) { _ in
    while true {
      let part = next.take()
      if part >= parts { return }
      body(part)
    }
  }
}

/// The shared "next part" counter of `forEachPart`.
private final class PartCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var next = 0

  func take() -> Int {
    lock.lock()
    defer { lock.unlock() }
    next += 1
    return next - 1
  }
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

  init(start: UnsafeMutablePointer<Element>, count: Int) {
    base = start
    self.count = count
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
