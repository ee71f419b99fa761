import Dispatch
import Foundation
import LearningKernels
import Synchronization

/// Helper threads for `forEachPart` that stay awake for a moment between jobs.
///
/// A fit of a few hundred samples runs several parallel phases of 20 to 300
/// microseconds each (the kernel, the scan, the iterations' products).
/// `DispatchQueue.concurrentPerform` wakes a parked worker for each, and on
/// this kind of virtual machine the wake-up alone takes 10 to 30
/// microseconds. The crew's helpers instead look for the next job for
/// `spinTime` after their last one, and only then park.
///
/// One caller at a time: a job published while another runs (another thread
/// fitting, or a part that itself asks for parts) is refused, and the caller
/// falls back to `concurrentPerform`.
final class Crew: @unchecked Sendable {
  /// One helper per processor beyond the caller's.
  static let shared = Crew(helpers: processorCount - 1)

  /// How long a helper keeps looking for work before it parks, in nanoseconds.
  static let spinTime: UInt64 = 200_000

  /// One published job: its parts are taken by index, each exactly once.
  private final class Job: Sendable {
    let work: @Sendable (Int) -> Void
    let parts: Int
    let next = Atomic<Int>(0)
    let done = Atomic<Int>(0)

    init(parts: Int, work: @escaping @Sendable (Int) -> Void) {
      self.parts = parts
      self.work = work
    }

    /// Runs parts until none is left.
    ///
    /// `work` is only ever called for an index below `parts`, so a helper
    /// that arrives after the caller has returned calls nothing.
    func help() {
      while true {
        let part = next.add(1, ordering: .relaxed).oldValue
        if part >= parts { return }
        work(part)
        done.add(1, ordering: .releasing)
      }
    }
  }

  private let helpers: Int
  /// The job being run, if any, guarded by `lock`.
  ///
  /// A pthread mutex rather than `Mutex`, because ThreadSanitizer sees its
  /// ordering (with `Mutex` it reported the hand-over of each job as a race).
  private nonisolated(unsafe) var current: Job?
  private let lock = NSLock()
  /// Helpers parked, or about to park, on `wake`.
  private let sleepers = Atomic<Int>(0)
  private let wake = DispatchSemaphore(value: 0)
  /// Whether a caller holds the crew.
  private let taken = Atomic<Bool>(false)

  private init(helpers: Int) {
    self.helpers = max(0, helpers)
    for _ in 0..<self.helpers {
      let thread = Thread { [self] in self.serve() }
      thread.name = "learning-crew"
      thread.start()
    }
  }

  /// Runs `work(part)` for every part in `0..<parts`, on the caller and the
  /// helpers, and returns when all are done; returns false, having run
  /// nothing, when there are no helpers or another caller holds the crew.
  func run(parts: Int, _ work: @escaping @Sendable (Int) -> Void) -> Bool {
    guard helpers > 0,
      taken.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
    else { return false }
    defer { taken.store(false, ordering: .releasing) }
    let job = Job(parts: parts, work: work)
    exchange(job)
    if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
      for _ in 0..<helpers { wake.signal() }
    }
    job.help()
    // The helpers finish what they took; on a busy machine, give them the core now and then.
    var spins = 0
    while job.done.load(ordering: .acquiring) < parts {
      lk_spin_pause()
      spins += 1
      if spins % 4096 == 0 { sched_yield() }
    }
    exchange(nil)
    return true
  }

  private func exchange(_ job: Job?) {
    lock.lock()
    current = job
    lock.unlock()
  }

  private func published() -> Job? {
    lock.lock()
    defer { lock.unlock() }
    return current
  }

  /// A helper's life: look for a new job (spinning, then parked), help with it, repeat.
  private func serve() {
    var last: Job? = nil
    while true {
      var idleSince = DispatchTime.now().uptimeNanoseconds
      while true {
        if let job = published(), job !== last {
          last = job
          job.help()
          idleSince = DispatchTime.now().uptimeNanoseconds
          continue
        }
        if DispatchTime.now().uptimeNanoseconds - idleSince > Self.spinTime { break }
        for _ in 0..<32 { lk_spin_pause() }
      }
      // Park, unless a job came in meanwhile: the caller signals when it sees
      // a sleeper, and this check sees any job published before that.
      sleepers.add(1, ordering: .sequentiallyConsistent)
      let job = published()
      let pending = job != nil && job !== last
      if !pending { wake.wait() }
      sleepers.subtract(1, ordering: .sequentiallyConsistent)
    }
  }
}
