import Foundation
import XCTest

/// Every page of every command, written by the built program and checked in headless Chromium.
///
/// Each is rendered at a phone's and a laptop's width, light and dark. Set `REPORT_SCREENSHOTS=DIR` to keep a
/// screenshot of each rendering.
final class BrowserPageTests: XCTestCase {
  override class func tearDown() {
    SharedBrowser.quit()
    BrowserPages.tearDownShared()
    super.tearDown()
  }

  private var screenshots: URL? {
    guard let path = ProcessInfo.processInfo.environment["REPORT_SCREENSHOTS"], !path.isEmpty
    else { return nil }
    let folder = URL(fileURLWithPath: path)
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }

  func testEveryPageHoldsUpOnAPhoneAndALaptopInLightAndDark() throws {
    _ = try SharedBrowser.chromium()
    let pages = try BrowserPages.shared()
    var jobs: [(page: URL, viewing: Viewing, screenshot: URL?)] = []
    var names: [String] = []
    for (page, result) in pages.built {
      guard case .success(let file) = result else {
        XCTFail("report \(page.arguments.joined(separator: " ")) failed: \(result)")
        continue
      }
      for viewing in Viewing.all {
        let shot = screenshots?.appendingPathComponent(
          "\(page.name)-\(viewing.width)-\(viewing.dark ? "dark" : "light").png")
        jobs.append((file, viewing, shot))
        names.append("\(page.name) at \(viewing)")
      }
    }
    let renderings = try SharedBrowser.renderAll(jobs)
    for (name, result) in zip(names, renderings) {
      switch result {
      case .failure(let error):
        XCTFail("\(name): \(error)")
      case .success(let rendering):
        XCTAssertEqual(
          rendering.dark, name.hasSuffix("dark"), "\(name): the colour scheme was not applied")
        for problem in rendering.problems { XCTFail("\(name): \(problem)") }
      }
    }
  }

  private func file(_ name: String) throws -> URL {
    let pages = try BrowserPages.shared()
    let built = try XCTUnwrap(pages.built.first { $0.page.name == name })
    return try built.result.get()
  }

  func testHighDensityScreensGetTheHighDensityFigures() throws {
    _ = try SharedBrowser.chromium()
    let page = try file("dense")
    let results = try SharedBrowser.renderAll([
      (page, Viewing(width: 1280, dark: false, density: 2), nil),
      (page, Viewing(width: 1280, dark: false, density: 1), nil),
    ])
    let dense = try results[0].get()
    let plain = try results[1].get()
    XCTAssertEqual(dense.images.count, 3)
    for image in dense.images { XCTAssertTrue(image.hasSuffix("%402x.png"), image) }
    for image in plain.images { XCTAssertFalse(image.contains("%402x"), image) }
    XCTAssertEqual(dense.problems, [])
  }

  func testTheEmbeddedPageNeedsNothingBesideIt() throws {
    _ = try SharedBrowser.chromium()
    let rendering = try SharedBrowser.renderAll([
      (try file("embedded"), Viewing(width: 390, dark: false), nil)
    ])[0].get()
    XCTAssertFalse(rendering.images.isEmpty)
    for image in rendering.images { XCTAssertEqual(image, "data:") }
    for link in rendering.links {
      XCTAssert(link.hasPrefix("data:") || link.hasPrefix("#"), "the page links \(link)")
    }
    XCTAssertTrue(rendering.links.contains { $0.hasPrefix("data:application/json;base64,") })
  }
}
