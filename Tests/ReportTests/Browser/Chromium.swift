import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// A headless Chromium driven over the DevTools protocol on a pipe.
///
/// With `--remote-debugging-pipe` the browser reads commands on file descriptor 3 and writes
/// answers and events on 4, each message JSON ended by a NUL byte. Nothing is injected into the pages: the checks run through
/// `Runtime.evaluate`, which the pages' Content-Security-Policy does not govern.
final class Chromium: @unchecked Sendable {
  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  /// The browser program: `REPORT_CHROMIUM`, else Debian's `chromium` (its real binary, without
  /// the launcher script), else the first of the usual names on `PATH`.
  static func executable() -> String? {
    let environment = ProcessInfo.processInfo.environment
    if let path = environment["REPORT_CHROMIUM"], !path.isEmpty {
      return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }
    if FileManager.default.isExecutableFile(atPath: "/usr/lib/chromium/chromium") {
      return "/usr/lib/chromium/chromium"
    }
    let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
    for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
      for folder in folders where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)")
      {
        return "\(folder)/\(name)"
      }
    }
    return nil
  }

  /// The browser, or a skip that says why the browser checks do not run.
  static func launchOrSkip(profile: URL) throws -> Chromium {
    guard let path = executable() else {
      throw XCTSkip(
        "chromium is not installed (`make test` installs it with apt): browser checks skipped")
    }
    return try Chromium(path: path, profile: profile)
  }

  private let pid: pid_t
  private let input: Int32
  private let output: Int32
  private let state = NSCondition()
  private let writing = NSLock()
  private var nextID = 0
  private var answers: [Int: [String: Any]] = [:]
  private var events: [[String: Any]] = []
  private var ended = false

  init(path: String, profile: URL) throws {
    var arguments = [
      path, "--headless", "--remote-debugging-pipe", "--user-data-dir=\(profile.path)",
      "--no-first-run", "--no-default-browser-check", "--disable-gpu", "--disable-dev-shm-usage",
      "--disable-background-networking", "--disable-extensions", "--disable-sync",
      "--hide-scrollbars", "--mute-audio", "--force-color-profile=srgb", "about:blank",
    ]
    // The sandbox needs user namespaces that root (CI containers) does not get.
    if getuid() == 0 { arguments.insert("--no-sandbox", at: 1) }

    let toBrowser = try Chromium.pipe()
    let fromBrowser = try Chromium.pipe()
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    let log = ProcessInfo.processInfo.environment["REPORT_CHROMIUM_LOG"] ?? "/dev/null"
    posix_spawn_file_actions_addopen(&actions, 2, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
    posix_spawn_file_actions_adddup2(&actions, toBrowser.read, 3)
    posix_spawn_file_actions_adddup2(&actions, fromBrowser.write, 4)
    // Nothing else of this process (the pipes of other tests' runs) reaches the browser.
    // glibc 2.34 has `posix_spawn_file_actions_addclosefrom_np`, which Swift's Glibc module
    // does not declare (it needs _GNU_SOURCE).
    typealias CloseFrom =
      @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32)
      -> Int32
    if let symbol = dlsym(
      UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
    {
      _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 5)
    }

    var child: pid_t = 0
    let cArguments = arguments.map { strdup($0) } + [nil]
    defer { for argument in cArguments { free(argument) } }
    let status = posix_spawn(&child, path, &actions, nil, cArguments, environ)
    close(toBrowser.read)
    close(fromBrowser.write)
    guard status == 0 else {
      close(toBrowser.write)
      close(fromBrowser.read)
      throw Failure(description: "cannot start \(path): \(String(cString: strerror(status)))")
    }
    pid = child
    input = toBrowser.write
    output = fromBrowser.read
    let thread = Thread { [self] in readMessages() }
    thread.start()
  }

  deinit {
    close(input)
    close(output)
  }

  /// A pipe whose ends sit above the descriptors the browser is given, closed on exec.
  private static func pipe() throws -> (read: Int32, write: Int32) {
    var ends: [Int32] = [0, 0]
    guard Glibc.pipe(&ends) == 0 else {
      throw Failure(description: "pipe: \(String(cString: strerror(errno)))")
    }
    let read = fcntl(ends[0], F_DUPFD_CLOEXEC, 10)
    let write = fcntl(ends[1], F_DUPFD_CLOEXEC, 10)
    close(ends[0])
    close(ends[1])
    return (read, write)
  }

  private func readMessages() {
    var pending: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
      if count < 0 && errno == EINTR { continue }
      if count <= 0 { break }
      pending.append(contentsOf: buffer[0..<count])
      while let end = pending.firstIndex(of: 0) {
        let message = Data(pending[..<end])
        pending.removeSubrange(...end)
        guard let object = try? JSONSerialization.jsonObject(with: message) as? [String: Any]
        else { continue }
        state.lock()
        if let id = object["id"] as? Int {
          answers[id] = object
        } else {
          events.append(object)
        }
        state.broadcast()
        state.unlock()
      }
    }
    state.lock()
    ended = true
    state.broadcast()
    state.unlock()
  }

  /// Sends one command and waits for its answer (`result`), throwing the browser's error.
  @discardableResult
  func call(
    _ method: String, _ parameters: [String: Any] = [:], session: String? = nil,
    timeout: TimeInterval = 30
  ) throws -> [String: Any] {
    state.lock()
    nextID += 1
    let id = nextID
    state.unlock()
    var message: [String: Any] = ["id": id, "method": method, "params": parameters]
    if let session { message["sessionId"] = session }
    var bytes = [UInt8](try JSONSerialization.data(withJSONObject: message))
    bytes.append(0)
    writing.lock()
    var sent = 0
    while sent < bytes.count {
      let count = bytes[sent...].withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
      if count < 0 && errno == EINTR { continue }
      if count <= 0 { break }
      sent += count
    }
    writing.unlock()
    guard sent == bytes.count else { throw Failure(description: "\(method): the browser has gone") }

    let deadline = Date(timeIntervalSinceNow: timeout)
    state.lock()
    defer { state.unlock() }
    while answers[id] == nil && !ended {
      if !state.wait(until: deadline) { break }
    }
    guard let answer = answers.removeValue(forKey: id) else {
      throw Failure(description: "\(method): no answer from the browser within \(Int(timeout)) s")
    }
    if let error = answer["error"] as? [String: Any] {
      throw Failure(description: "\(method): \(error["message"] ?? error)")
    }
    return answer["result"] as? [String: Any] ?? [:]
  }

  /// How many events have arrived so far, to wait for one that comes after a command.
  var eventCount: Int {
    state.lock()
    defer { state.unlock() }
    return events.count
  }

  /// The events of `session` from position `start` on.
  func events(of session: String, from start: Int) -> [[String: Any]] {
    state.lock()
    defer { state.unlock() }
    return events[min(start, events.count)...].filter { $0["sessionId"] as? String == session }
  }

  /// Waits for an event `method` of `session` that arrived at or after position `start`.
  func waitForEvent(
    _ method: String, of session: String, from start: Int, timeout: TimeInterval = 30
  ) throws {
    let deadline = Date(timeIntervalSinceNow: timeout)
    state.lock()
    defer { state.unlock() }
    while true {
      if events[min(start, events.count)...].contains(where: {
        $0["method"] as? String == method && $0["sessionId"] as? String == session
      }) {
        return
      }
      if ended { throw Failure(description: "the browser ended while waiting for \(method)") }
      if !state.wait(until: deadline) {
        throw Failure(description: "no \(method) within \(Int(timeout)) s")
      }
    }
  }

  /// Asks the browser to close, and ends it if it does not within a few seconds.
  func quit() {
    _ = try? call("Browser.close", timeout: 5)
    var status: Int32 = 0
    for _ in 0..<50 {
      if waitpid(pid, &status, WNOHANG) == pid { return }
      usleep(100_000)
    }
    kill(pid, SIGKILL)
    waitpid(pid, &status, 0)
  }
}
