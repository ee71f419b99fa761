import Foundation
import Reporting
import XCTest

/// What every page gets from the pipeline: the same safe page head, and checked values.
final class PagePipelineTests: XCTestCase {
  private let csp =
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
    + "style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'\">"

  private func pages() throws -> [String: String] {
    let renderer = try PageDocuments.renderer()
    return [
      "learning curve": try renderer.render(PageDocuments.curve()),
      "active learning": try renderer.render(PageDocuments.activeLearning()),
      "active learning without truth": try renderer.render(
        PageDocuments.activeLearning(withTruth: false)),
    ]
  }

  func testPagesHaveTheCSPAndNoScriptOrNetworkURL() throws {
    for (name, html) in try pages() {
      XCTAssertTrue(html.hasPrefix("<!doctype html>"), name)
      XCTAssertEqual(html.occurrences(of: csp), 1, name)
      let scan = HTMLScanner(html)
      XCTAssertEqual(scan.problems, [], name)
      for element in ["script", "iframe", "object", "embed", "link", "form", "base"] {
        XCTAssertFalse(scan.elements.contains(element), "\(name) has <\(element)>")
      }
      XCTAssertFalse(scan.attributes.contains { $0.hasPrefix("on") }, "\(name) has a handler")
      for (attribute, value) in scan.attributeValues
      where ["href", "src", "srcset", "action", "style"].contains(attribute) {
        XCTAssertFalse(value.contains("//"), "\(name): \(attribute)=\(value)")
        XCTAssertFalse(value.contains(":") && attribute != "style", "\(name): \(value)")
        XCTAssertFalse(value.contains("url("), "\(name): \(value)")
      }
      XCTAssertFalse(html.lowercased().contains("javascript"), name)
      XCTAssertFalse(html.contains("@import"), name)
    }
  }

  func testInvalidValuesAreRefused() throws {
    let renderer = try PageDocuments.renderer()
    var notSquare = PageDocuments.activeLearning()
    notSquare.values.rounds[0].confusion?.removeLast()
    var tooAccurate = PageDocuments.activeLearning()
    tooAccurate.values.rounds[2].accuracy = 1.5
    var noSize = PageDocuments.curve()
    noSize.values.figure?.width = 0
    for document in [notSquare, tooAccurate] {
      XCTAssertThrowsError(try renderer.render(document)) { error in
        guard case .invalidDocument = error as? ReportingError else {
          return XCTFail("unexpected \(error)")
        }
      }
    }
    XCTAssertThrowsError(try renderer.render(noSize)) { error in
      guard case .invalidDocument(let reason) = error as? ReportingError else {
        return XCTFail("unexpected \(error)")
      }
      XCTAssertTrue(reason.contains("learning_curve.png"))
    }
  }
}
