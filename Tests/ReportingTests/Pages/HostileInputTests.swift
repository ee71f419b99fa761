import Reporting
import XCTest

/// User-controlled strings must reach the page as text: they add no element or attribute, and
/// a reader sees them exactly as they were.
final class HostileInputTests: XCTestCase {
  private let hostile = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "' onmouseover='x",
    "&amp;",
    "{{x}}",
    "line\u{2028}break",
    "\u{202E}evil",
    "\"\u{301} onmouseover=alert(1) x=\"",
    "'\u{301} onfocus='y",
    "</style><!--",
    "{{{title}}} {{> report}}",
  ]

  private func hostileStrings() -> TestDocuments.Strings {
    var strings = TestDocuments.Strings()
    strings.title = hostile[0] + hostile[5]
    strings.model = hostile[1]
    strings.kernel = hostile[2]
    strings.dataset = hostile[9]
    strings.source = hostile[3] + " " + hostile[4]
    strings.licence = hostile[6]
    strings.parameterKey = hostile[7]
    strings.parameterValue = hostile[8]
    strings.labels = [hostile[0], hostile[7], hostile[6], hostile[10]]
    strings.warning = hostile[1] + hostile[2]
    strings.caption = hostile[8] + hostile[5]
    strings.figureFile = hostile[1] + ".png"
    strings.downloadFile = hostile[2] + ".json"
    strings.timingKey = hostile[4]
    return strings
  }

  func testHostileStringsAddNoElementOrAttribute() throws {
    let harmless = HTMLScanner(try TestDocuments.render(TestDocuments.document()))
    let attacked = HTMLScanner(try TestDocuments.render(TestDocuments.document(hostileStrings())))
    XCTAssertEqual(harmless.problems, [])
    XCTAssertEqual(attacked.problems, [])
    XCTAssertEqual(attacked.elements, harmless.elements)
    XCTAssertEqual(attacked.attributes, harmless.attributes)
    XCTAssertEqual(attacked.attributeValues.count, harmless.attributeValues.count)
  }

  func testHostileStringsAreShownIntact() throws {
    let strings = hostileStrings()
    let scan = HTMLScanner(try TestDocuments.render(TestDocuments.document(strings)))
    let text = scan.visibleText
    for string in hostile where string != hostile[5] {
      XCTAssertTrue(text.containsScalars(string), "not shown intact: \(string.debugDescription)")
    }
    XCTAssertTrue(text.containsScalars(strings.title), "title with a line separator")
    XCTAssertTrue(text.containsScalars(strings.caption), "caption with a line separator")
    let alt = AltText.confusionMatrix(
      counts: TestDocuments.counts, labels: strings.labels, limit: 3)
    XCTAssertTrue(
      scan.attributeValues.contains { $0.name == "alt" && $0.value == alt },
      "alt text survives attribute escaping")
  }

  func testInvisibleControlsAreWrittenAsReferencesAndIsolated() throws {
    let html = try TestDocuments.render(TestDocuments.document(hostileStrings()))
    XCTAssertFalse(html.unicodeScalars.contains("\u{202E}"))
    XCTAssertFalse(html.unicodeScalars.contains("\u{2028}"))
    XCTAssertTrue(html.contains("<bdi>&#x202E;evil</bdi>"), "a bidi override stays inside <bdi>")
    XCTAssertTrue(
      html.contains("<span class=\"k\"><bdi>{{x}}</bdi></span>"), "no Mustache tag in data")
  }
}
