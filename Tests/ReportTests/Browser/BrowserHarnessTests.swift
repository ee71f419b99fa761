import Foundation
import XCTest

/// The browser checks themselves: a page with every fault they look for must show each one,
/// and a clean page none, so that a passing `BrowserPageTests` means something.
final class BrowserHarnessTests: XCTestCase {
  override class func tearDown() {
    SharedBrowser.quit()
    super.tearDown()
  }

  private static let policy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'"

  private func page(_ body: String, in folder: URL, named name: String) throws -> URL {
    let html = """
      <!doctype html><html><head><meta charset="utf-8">
      <meta http-equiv="Content-Security-Policy" content="\(Self.policy)">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <style>
        body { margin: 0; font: 16px sans-serif; }
        @media (prefers-color-scheme: dark) { body { background: #000; color: #fff; } }
        .card { width: 300px; padding: 10px; }
        .table-wrap { overflow-x: auto; }
        td { white-space: nowrap; }
      </style></head><body>\(body)</body></html>
      """
    let url = folder.appendingPathComponent(name)
    try html.write(to: url, atomically: true, encoding: .utf8)
    return url
  }

  func testTheChecksFindEveryFaultOfABrokenPage() throws {
    _ = try SharedBrowser.chromium()
    let folder = try Binary.scratchFolder(self)
    // A 1x1 PNG beside the page, which loads.
    let pixel = Data(
      base64Encoded:
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
    )!
    try pixel.write(to: folder.appendingPathComponent("pixel.png"))
    let broken = try page(
      """
      <section class="card">
        <script>document.title = "ran";</script>
        <img src="http://127.0.0.1:9/remote.png" alt="">
        <img src="missing.png" alt="">
        <img src="pixel.png" alt="">
        <div class="table-wrap"><table><tr><td>a cell far too wide for a phone's screen, scrolled without a sign</td></tr></table></div>
        <div style="overflow: hidden; width: 100px"><span style="white-space: nowrap">text cut off with no way to see it</span></div>
        <table style="width: 200px"><tr><td style="white-space: normal; overflow-wrap: anywhere">Propagation</td><td>a long cell beside it</td></tr></table>
        <div style="width: 500px">sticks out</div>
      </section>
      <div style="width: 2000px">wide</div>
      """, in: folder, named: "broken.html")
    let clean = try page(
      """
      <section class="card"><img src="pixel.png" alt=""><p>Label Propagation</p></section>
      """, in: folder, named: "clean.html")

    let results = try SharedBrowser.renderAll([
      (broken, Viewing(width: 390, dark: false), nil),
      (clean, Viewing(width: 390, dark: true), nil),
    ])
    let found = try results[0].get()
    let expected = [
      "the page is 2000 px wide in a 390 px window",
      "Content-Security-Policy violation: Executing inline script",
      "Content-Security-Policy violation: Loading the image 'http://127.0.0.1:9/remote.png'",
      "image not loaded: http://127.0.0.1:9/remote.png",
      "image not loaded: file://",
      "scrolls sideways",
      "cuts off",
      "the word \"Propagation\" in td \"Propagation\" is broken across",
      "div \"sticks out\" sticks out of its card",
    ]
    for fault in expected {
      XCTAssert(
        found.problems.contains { $0.contains(fault) },
        "not found: \(fault)\nin: \(found.problems.joined(separator: "\n"))")
    }
    XCTAssertEqual(found.problems.filter { $0.hasPrefix("image not loaded") }.count, 2)
    XCTAssertFalse(found.dark)

    let fine = try results[1].get()
    XCTAssertEqual(fine.problems, [])
    XCTAssertTrue(fine.dark, "the dark colour scheme was not applied")
  }
}
