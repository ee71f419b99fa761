import Foundation

/// How a page is shown: the window's width in CSS pixels, the colour scheme the reader prefers,
/// and the screen's pixel density.
struct Viewing: CustomStringConvertible, Sendable {
  var width: Int
  var dark: Bool
  var density: Double = 1

  var description: String {
    "\(width) px \(dark ? "dark" : "light")" + (density == 1 ? "" : " at \(density)x")
  }

  /// The four ways every page is checked: a phone and a laptop, light and dark.
  static let all = [390, 1280].flatMap { width in
    [false, true].map { Viewing(width: width, dark: $0) }
  }
}

/// What the browser found on a rendered page.
struct Rendering: Decodable, Sendable {
  /// Everything wrong with the page, one sentence each (empty when it holds up).
  var problems: [String]
  /// Whether the page saw `prefers-color-scheme: dark`, to show the emulation worked.
  let dark: Bool
  let scrollWidth: Int
  let height: Int
  /// Every image's `currentSrc`, the file the browser chose.
  let images: [String]
  /// The page's text, for assertions about what it says.
  let text: String
  /// Where each link leads (its first 40 characters).
  let links: [String]
}

/// One tab of the browser, attached through a flat session.
final class BrowserTab: @unchecked Sendable {
  private let browser: Chromium
  private let session: String

  init(_ browser: Chromium) throws {
    self.browser = browser
    let target = try browser.call("Target.createTarget", ["url": "about:blank"])
    let targetID = target["targetId"] as? String ?? ""
    let attached = try browser.call(
      "Target.attachToTarget", ["targetId": targetID, "flatten": true])
    guard let session = attached["sessionId"] as? String else {
      throw Chromium.Failure(description: "no session for a new tab")
    }
    self.session = session
    for domain in ["Page.enable", "Runtime.enable", "Log.enable"] {
      try browser.call(domain, session: session)
    }
  }

  /// Loads `page` as `viewing` describes, checks it, and writes a screenshot of the whole page
  /// to `screenshot` when given.
  func render(_ page: URL, _ viewing: Viewing, screenshot: URL? = nil) throws -> Rendering {
    try browser.call(
      "Emulation.setDeviceMetricsOverride",
      [
        "width": viewing.width, "height": 900, "deviceScaleFactor": viewing.density,
        "mobile": viewing.width < 600,
      ], session: session)
    try browser.call(
      "Emulation.setEmulatedMedia",
      ["features": [["name": "prefers-color-scheme", "value": viewing.dark ? "dark" : "light"]]],
      session: session)
    let start = browser.eventCount
    try browser.call("Page.navigate", ["url": page.absoluteString], session: session)
    try browser.waitForEvent("Page.loadEventFired", of: session, from: start)

    let evaluated = try browser.call(
      "Runtime.evaluate",
      ["expression": PageChecks.script(width: viewing.width), "returnByValue": true],
      session: session)
    guard let value = (evaluated["result"] as? [String: Any])?["value"] as? String else {
      throw Chromium.Failure(description: "the page checks returned nothing: \(evaluated)")
    }
    var rendering = try JSONDecoder().decode(Rendering.self, from: Data(value.utf8))

    // The console: a Content-Security-Policy violation is a "security" error; anything else
    // logged as an error (a file that failed to load) is a fault of the page too.
    for event in browser.events(of: session, from: start)
    where event["method"] as? String == "Log.entryAdded" {
      let entry = (event["params"] as? [String: Any])?["entry"] as? [String: Any] ?? [:]
      let source = entry["source"] as? String ?? ""
      let level = entry["level"] as? String ?? ""
      let text = entry["text"] as? String ?? ""
      if source == "security" {
        rendering.problems.append("Content-Security-Policy violation: \(text)")
      } else if level == "error" {
        rendering.problems.append("console error (\(source)): \(text)")
      }
    }

    if let screenshot {
      let shot = try browser.call(
        "Page.captureScreenshot",
        [
          "format": "png", "captureBeyondViewport": true,
          "clip": [
            "x": 0, "y": 0, "width": viewing.width, "height": rendering.height, "scale": 1,
          ],
        ], session: session)
      if let base64 = shot["data"] as? String, let data = Data(base64Encoded: base64) {
        try data.write(to: screenshot)
      }
    }
    return rendering
  }
}
