import Foundation
import Reporting
import XCTest

/// Class labels and model names reach the new pages as text, however they are written.
final class HostileLabelsTests: XCTestCase {
  private let hostile = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "' onmouseover='x",
    "\"\u{301} onmouseover=alert(1) x=\"",
    "</style><!--",
    "{{{title}}} {{> report}}",
    "&amp;",
    "\u{202E}evil",
  ]

  func testHostileModelNamesAddNoElementOrAttribute() throws {
    let renderer = try PageDocuments.renderer()
    let harmless = HTMLScanner(try renderer.render(PageDocuments.curve()))
    let models = [hostile[0] + hostile[1], hostile[3] + hostile[4]]
    var document = PageDocuments.curve(models: models)
    document.frame.title = hostile[5]
    document.values.summary = hostile[2]
    document.frame.warnings = [hostile[1]]
    document.frame.parameters = [KeyValue(key: hostile[3], value: hostile[6])]
    let attacked = HTMLScanner(try renderer.render(document))
    XCTAssertEqual(harmless.problems, [])
    XCTAssertEqual(attacked.problems, [])
    XCTAssertEqual(attacked.elements, harmless.elements)
    XCTAssertEqual(attacked.attributes, harmless.attributes)
    XCTAssertEqual(attacked.attributeValues.count, harmless.attributeValues.count)
    for string in models + [hostile[5], hostile[2], hostile[6]] {
      XCTAssertTrue(
        attacked.visibleText.containsScalars(string), "not intact: \(string.debugDescription)")
    }
  }

  func testHostileClassLabelsAddNoElementOrAttribute() throws {
    let renderer = try PageDocuments.renderer()
    let harmless = HTMLScanner(try renderer.render(PageDocuments.activeLearning()))
    let labels = [hostile[0], hostile[1], hostile[3], hostile[7]]
    let html = try renderer.render(PageDocuments.activeLearning(labels: labels))
    let attacked = HTMLScanner(html)
    XCTAssertEqual(harmless.problems, [])
    XCTAssertEqual(attacked.problems, [])
    XCTAssertEqual(attacked.elements, harmless.elements)
    XCTAssertEqual(attacked.attributes, harmless.attributes)
    XCTAssertEqual(attacked.attributeValues.count, harmless.attributeValues.count)
    for label in labels {
      XCTAssertTrue(
        attacked.visibleText.containsScalars(label), "not intact: \(label.debugDescription)")
    }
    XCTAssertFalse(html.unicodeScalars.contains("\u{202E}"))
    XCTAssertTrue(html.contains("<th scope=\"col\"><bdi>&#x202E;evil</bdi></th>"))
  }
}
