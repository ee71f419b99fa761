import DataSets
import Dispatch
import Foundation
import Learning

/// Work started on a thread of its own while the caller goes on, whose result is taken when
/// needed.
///
/// A run uses it for the work that depends neither on the fit nor on the data (reading the
/// built-in digits, reading and parsing the templates), so that the second core does it while
/// the first parses the arguments and fits, instead of before. It is not
/// one of Dispatch's worker threads: the fit and the figures wait for every part of their
/// `concurrentPerform`, and a part queued behind this work would make them wait for it too.
final class BackgroundTask<Value: Sendable>: @unchecked Sendable {
  // `result` is written once, by the worker, before it leaves `group`; it is read only after
  // waiting for `group`, which orders the two.
  private var result: Result<Value, any Error>?
  private let group = DispatchGroup()

  init(_ work: @escaping @Sendable () throws -> Value) {
    group.enter()
    Thread { [self] in
      result = Result { try work() }
      group.leave()
    }.start()
  }

  /// The work's value, or its error; waits for it to finish first.
  func value() throws -> Value {
    group.wait()
    return try result!.get()
  }

  /// Runs `body`, reporting this work's failure rather than the body's when both fail.
  ///
  /// The work stands for a check that used to come first, so when `body` throws, the work is
  /// waited for, and its error, if any, is the one the caller sees, as it was before.
  func checkedFirst<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch {
      _ = try value()
      throw error
    }
  }
}

/// What most runs need first, started as the program starts, while the arguments are parsed.
///
/// Parsing the arguments keeps one core busy for several milliseconds; the default run then
/// needs the built-in digits and the report's templates from the project's folder, neither of
/// which depends on the arguments. A thread reads each meanwhile (the templates after the
/// digits, so that the two take turns on the other core). A run that needs them takes them
/// from here; one that does not (its own data or templates, another page) leaves them unused.
enum Prefetch {
  /// The built-in digits.
  static let digits = BackgroundTask { DataSet.digits() }

  /// The report page's templates, from the folder found when no `--templates` is given.
  static let reportTemplates = BackgroundTask {
    _ = try? digits.value()
    return try TemplateSet.load(path: nil, page: .report)
  }

  /// Starts both.
  static func start() {
    _ = digits
    _ = reportTemplates
  }

  /// Waits for both to end, whatever their outcome.
  ///
  /// The program must not exit while a thread is still reading files, since exiting tears down
  /// what that thread may be using. Runs that used them have nothing to wait for; `--help` and
  /// early errors wait a few milliseconds.
  static func finish() {
    _ = try? digits.value()
    _ = try? reportTemplates.value()
  }
}

/// `transform` applied to every element, on all cores when `concurrently` is true, else one
/// element after the other; the results keep the elements' order.
///
/// When some elements fail, the error of the first of them, in order, is thrown.
func concurrentMap<Element: Sendable, Mapped>(
  _ elements: [Element], concurrently: Bool = true,
  _ transform: @Sendable (Element) throws -> Mapped
) throws -> [Mapped] {
  guard concurrently else { return try elements.map(transform) }
  let results = ResultSlots<Mapped>(count: elements.count)
  DispatchQueue.concurrentPerform(iterations: elements.count) { index in
    results.store(Result { try transform(elements[index]) }, at: index)
  }
  return try results.values()
}

/// One slot per job of `concurrentMap`; each job writes only its own.
private final class ResultSlots<Mapped>: @unchecked Sendable {
  // Every slot is written by exactly one job, and read after `concurrentPerform` has
  // returned, which waits for all of them. The slots are raw memory so that no two jobs ever
  // access the same Swift variable.
  private let slots: UnsafeMutableBufferPointer<Result<Mapped, any Error>?>

  init(count: Int) {
    slots = .allocate(capacity: count)
    slots.initialize(repeating: nil)
  }

  deinit {
    _ = slots.deinitialize()
    slots.deallocate()
  }

  func store(_ result: Result<Mapped, any Error>, at index: Int) {
    slots[index] = result
  }

  func values() throws -> [Mapped] {
    try slots.map { try $0!.get() }
  }
}
