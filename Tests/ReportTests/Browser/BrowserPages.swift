import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// The pages the browser tests look at, each written by the built `report` as a user would run
/// it, once per test class.
final class BrowserPages: @unchecked Sendable {
  struct Page: Sendable {
    let name: String
    let arguments: [String]
    let file: String
  }

  /// A CSV of wines whose classes have long names, as real data often has.
  static let longClassNames = [
    "class_0": "Vitis vinifera Nebbiolo (Barolo, Piedmont)",
    "class_1": "Vitis vinifera Grignolino (Asti, Piedmont)",
    "class_2": "Vitis vinifera Barbera d'Alba (Cuneo, Piedmont)",
  ]

  /// Every page of every command: the digits, a CSV with class names and `-1` rows, long class
  /// names, the self-contained page, the curve, active learning, tuning and the queries.
  static func pages(wine: String, longNames: String) -> [Page] {
    [
      Page(name: "digits", arguments: [], file: "report.html"),
      Page(name: "wine", arguments: ["--data", wine, "--standardize"], file: "report.html"),
      Page(
        name: "long-names", arguments: ["--data", longNames, "--standardize", "--uncertain", "6"],
        file: "report.html"),
      Page(name: "embedded", arguments: ["--embed"], file: "report.html"),
      Page(name: "dense", arguments: ["--scale", "2"], file: "report.html"),
      Page(name: "gallery-30", arguments: ["--uncertain", "30"], file: "report.html"),
      Page(
        name: "curve", arguments: ["curve", "--labeled", "10,20,40", "--repeats", "2"],
        file: "learning_curve.html"),
      Page(name: "active", arguments: ["active-learning"], file: "active_learning.html"),
      Page(
        name: "tune",
        arguments: [
          "tune", "--samples", "120", "--labeled", "30", "--gammas", "0.0026,0.25", "--alphas",
          "0.2,0.9", "--folds", "3",
        ],
        file: "tuning.html"),
      Page(name: "query", arguments: ["query"], file: "queries.html"),
      Page(
        name: "query-wine", arguments: ["query", "--data", wine, "--standardize"],
        file: "queries.html"),
    ]
  }

  let folder: URL
  /// Each page's file, or why the command failed.
  let built: [(page: Page, result: Result<URL, Chromium.Failure>)]
  private init() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "report-browser-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let wine = Binary.fixture("owndata/wine_unl.csv")
    var text = try String(contentsOf: wine, encoding: .utf8)
    for (short, long) in Self.longClassNames {
      text = text.replacingOccurrences(of: ",\(short)\n", with: ",\"\(long)\"\n")
    }
    let longNames = folder.appendingPathComponent("wine_long_class_names.csv")
    try text.write(to: longNames, atomically: true, encoding: .utf8)

    let pages = Self.pages(wine: wine.path, longNames: longNames.path)
    let results = Results<Result<URL, Chromium.Failure>>(count: pages.count)
    let folder = folder
    DispatchQueue.concurrentPerform(iterations: pages.count) { index in
      let page = pages[index]
      let output = folder.appendingPathComponent(page.name)
      let result: Result<URL, Chromium.Failure>
      do {
        let run = try Binary.run(
          page.arguments + ["--output", output.path, "--quiet"], in: folder)
        result =
          run.status == 0
          ? .success(output.appendingPathComponent(page.file))
          : .failure(Chromium.Failure(description: "exit \(run.status): \(run.stderr)"))
      } catch {
        result = .failure(Chromium.Failure(description: "\(error)"))
      }
      results.set(index, result)
    }
    built = zip(pages, results.values).map { ($0, $1!) }
  }

  private static let lock = NSLock()
  nonisolated(unsafe) private static var made: BrowserPages?

  /// The pages, built on first use.
  static func shared() throws -> BrowserPages {
    lock.lock()
    defer { lock.unlock() }
    if let made { return made }
    let pages = try BrowserPages()
    made = pages
    return pages
  }

  /// Removes the pages (at the end of the test class).
  static func tearDownShared() {
    lock.lock()
    defer { lock.unlock() }
    guard let made else { return }
    try? FileManager.default.removeItem(at: made.folder)
    Self.made = nil
  }
}

/// One browser for the tests of a class, started on first use.
enum SharedBrowser {
  private static let lock = NSLock()
  nonisolated(unsafe) private static var browser: Result<Chromium, Error>?
  nonisolated(unsafe) private static var profile: URL?

  /// The browser, or a skip when there is none (or when the tests run under AddressSanitizer:
  /// the plain run has checked the same pages, and the sanitized program is slow).
  static func chromium() throws -> Chromium {
    lock.lock()
    defer { lock.unlock() }
    if browser == nil {
      if dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__asan_init") != nil {
        throw XCTSkip("browser checks run in the plain build, not under AddressSanitizer")
      }
      let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "report-chromium-\(UUID().uuidString)")
      profile = folder
      browser = Result { try Chromium.launchOrSkip(profile: folder) }
    }
    return try browser!.get()
  }

  /// Ends the browser and removes its profile.
  static func quit() {
    lock.lock()
    defer { lock.unlock() }
    if case .success(let chromium) = browser { chromium.quit() }
    if let profile { try? FileManager.default.removeItem(at: profile) }
    browser = nil
    profile = nil
  }

  /// Renders each page as its viewing says, `tabs` at a time, and hands back each result.
  static func renderAll(
    _ jobs: [(page: URL, viewing: Viewing, screenshot: URL?)], tabs: Int = 3
  ) throws -> [Result<Rendering, Error>] {
    let browser = try chromium()
    let results = Results<Result<Rendering, Error>>(count: jobs.count)
    let next = Counter()
    DispatchQueue.concurrentPerform(iterations: min(tabs, jobs.count)) { _ in
      let tab: BrowserTab
      do {
        tab = try BrowserTab(browser)
      } catch {
        while let index = next.take(below: jobs.count) { results.set(index, .failure(error)) }
        return
      }
      while let index = next.take(below: jobs.count) {
        let job = jobs[index]
        results.set(
          index, Result { try tab.render(job.page, job.viewing, screenshot: job.screenshot) })
      }
    }
    return results.values.map { $0! }
  }
}

/// Values filled in from several threads.
final class Results<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private(set) var values: [Value?]
  init(count: Int) { values = Array(repeating: nil, count: count) }
  func set(_ index: Int, _ value: Value) {
    lock.lock()
    values[index] = value
    lock.unlock()
  }
}

/// Hands out the numbers 0, 1, 2 and on to several threads.
final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var next = 0
  func take(below limit: Int) -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard next < limit else { return nil }
    next += 1
    return next - 1
  }
}
