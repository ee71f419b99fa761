import Foundation
import Reporting
import XCTest

final class ReportPageTests: XCTestCase {
  /// The HTML between the first `start` and the next `end`, both included.
  private func slice(_ html: String, from start: String, to end: String) -> String? {
    guard let lower = html.range(of: start),
      let upper = html.range(of: end, range: lower.upperBound..<html.endIndex)
    else { return nil }
    return String(html[lower.lowerBound..<upper.upperBound])
  }

  private func cells(_ html: String, tag: String) -> [String] {
    html.components(separatedBy: "<\(tag)").dropFirst().compactMap { part in
      guard let open = part.firstIndex(of: ">"), let close = part.range(of: "</\(tag)>") else {
        return nil
      }
      let inner = String(part[part.index(after: open)..<close.lowerBound])
      return HTMLScanner(inner).visibleText
    }
  }

  func testClassificationReportIsOneTableWithHeaderAndARowPerLine() throws {
    let html = try TestDocuments.render(TestDocuments.document())
    XCTAssertEqual(html.occurrences(of: "<table class=\"metrics\">"), 1)
    let table = try XCTUnwrap(slice(html, from: "<table class=\"metrics\">", to: "</table>"))
    let head = try XCTUnwrap(slice(table, from: "<thead>", to: "</thead>"))
    let body = try XCTUnwrap(slice(table, from: "<tbody>", to: "</tbody>"))
    XCTAssertEqual(cells(head, tag: "th"), ["Class", "Precision", "Recall", "F1 score", "Support"])
    XCTAssertEqual(body.occurrences(of: "<tr"), 4 + 3)
    XCTAssertEqual(
      cells(body, tag: "th"),
      ["zero", "one", "two", "three", "accuracy", "macro avg", "weighted avg"])
    // The "one" row: precision 7/11, recall 7/10, support 10; accuracy 31/39 of 39 samples.
    XCTAssertTrue(body.contains("<td class=\"num\">0.64</td><td class=\"num\">0.70</td>"))
    XCTAssertTrue(
      body.contains(
        "<td class=\"num\"></td><td class=\"num\"></td><td class=\"num\">0.79</td><td class=\"num\">39</td>"
      ))
    XCTAssertTrue(
      html.contains("<pre>              precision    recall  f1-score   support\n</pre>"))
  }

  func testAccuracyIsShownAsAPercentageAndAFraction() throws {
    let html = try TestDocuments.render(TestDocuments.document())
    // 31 of 39 correct: 0.794871...
    XCTAssertTrue(html.contains("<span class=\"metric-value\">79.5%</span>"))
    XCTAssertTrue(html.contains("<span class=\"mono\">0.795</span>"))
    XCTAssertFalse(html.contains("cannot be measured"))
  }

  func testWithoutGroundTruthThePageSaysAccuracyCannotBeMeasured() throws {
    let html = try TestDocuments.render(TestDocuments.document(withTruth: false))
    XCTAssertTrue(html.contains("Accuracy cannot be measured"))
    XCTAssertTrue(html.contains("The unlabeled rows have no ground truth"))
    XCTAssertFalse(html.contains("class=\"metric-value\""))
    XCTAssertFalse(html.contains("class=\"metrics\""))
    XCTAssertFalse(html.contains("id=\"metrics\""))
    XCTAssertFalse(html.contains("<pre>"))
    XCTAssertTrue(html.contains("id=\"balance\""), "class balance is shown instead")
    XCTAssertTrue(html.contains("id=\"uncertain\""), "predictions are shown instead")
    XCTAssertFalse(html.contains("<th scope=\"col\">True</th>"))
  }

  func testEmbeddedFigureUsesItsDataURIAndDoesNotLinkThePNG() throws {
    let dataURI =
      "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/q842AAAAAElFTkSuQmCC"
    let html = try TestDocuments.render(TestDocuments.document(dataURI: dataURI))
    XCTAssertTrue(html.contains("src=\"\(dataURI)\""))
    XCTAssertFalse(html.contains("src=\"confusion_matrix.png\""))
    XCTAssertFalse(html.contains("href=\"confusion_matrix.png\""))
    XCTAssertTrue(html.contains("href=\"confusion_matrix.svg\""), "other formats stay linked")
    let linked = try TestDocuments.render(TestDocuments.document())
    XCTAssertTrue(linked.contains("src=\"confusion_matrix.png\""))
    XCTAssertTrue(linked.contains("href=\"confusion_matrix.png\""))
  }

  func testFigureHasItsAltTextAndSize() throws {
    let html = try TestDocuments.render(TestDocuments.document())
    let alt = AltText.confusionMatrix(
      counts: TestDocuments.counts, labels: TestDocuments.Strings().labels, limit: 3)
    XCTAssertTrue(html.contains("alt=\"\(alt)\" width=\"640\" height=\"480\""))
  }

  func testPageHasContentSecurityPolicyAndViewport() throws {
    let html = try TestDocuments.render(TestDocuments.document())
    XCTAssertTrue(
      html.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          + "style-src 'unsafe-inline'; img-src 'self' data:;"))
    XCTAssertTrue(html.contains("<meta name=\"viewport\""))
    XCTAssertTrue(html.hasPrefix("<!doctype html>\n"))
  }

  func testPageLoadsNothingFromTheNetworkAndHasNoScript() throws {
    let html = try TestDocuments.render(TestDocuments.document())
    XCTAssertFalse(html.lowercased().contains("http://"))
    XCTAssertFalse(html.lowercased().contains("https://"))
    let scan = HTMLScanner(html)
    XCTAssertEqual(scan.problems, [])
    XCTAssertFalse(scan.elements.contains("script"))
    XCTAssertFalse(scan.elements.contains("link"))
    XCTAssertFalse(scan.attributes.contains { $0.hasPrefix("on") })
    for (name, value) in scan.attributeValues where name == "href" || name == "src" {
      XCTAssertFalse(value.hasPrefix("//"), value)
      XCTAssertTrue(
        value.hasPrefix("#") || value.hasPrefix("data:image/") || !value.contains(":"), value)
    }
  }

  func testFileNamesBecomeRelativeLinks() throws {
    var strings = TestDocuments.Strings()
    strings.figureFile = "my figure #1.png"
    strings.downloadFile = "javascript:alert(1)"
    var document = TestDocuments.document(strings)
    document.frame.downloads.append(Download(href: "//example.org/x.json", contents: "x", bytes: 1))
    let html = try TestDocuments.render(document)
    XCTAssertTrue(html.contains("src=\"my%20figure%20%231.png\""))
    XCTAssertTrue(html.contains("href=\"javascript%3Aalert%281%29\""))
    XCTAssertTrue(html.contains("href=\"%2F/example.org/x.json\""))
    XCTAssertTrue(html.contains(">javascript:alert(1)</a>"), "the name is shown as it is")
  }

  func testConvergenceBadgeSaysWhetherTheModelConverged() throws {
    var document = TestDocuments.document()
    let converged = try TestDocuments.render(document)
    XCTAssertTrue(converged.contains("Converged in 5 iterations"))
    document.values.converged = false
    document.values.iterations = 30
    let stopped = try TestDocuments.render(document)
    XCTAssertTrue(stopped.contains("Did not converge within max_iter = 30"))
    XCTAssertFalse(stopped.contains("Converged in"))
  }

  func testResidualsAreListedPerIteration() throws {
    let html = try TestDocuments.render(TestDocuments.document())
    for (iteration, value) in ["52", "4.1", "0.33", "0.021", "0.0007"].enumerated() {
      XCTAssertTrue(
        html.contains(
          "<td class=\"num\">\(iteration + 1)</td><td class=\"num mono\">\(value)</td>"),
        value)
    }
  }

  func testDownloadsShowSizes() throws {
    let html = try TestDocuments.render(TestDocuments.document())
    XCTAssertTrue(html.contains("href=\"metrics.json\">metrics.json</a>"))
    XCTAssertTrue(html.contains("title=\"2048 bytes\">2.0 kB</span>"))
    XCTAssertTrue(html.contains("title=\"999 bytes\">999 bytes</span>"))
  }

  func testRenderingIsReproducible() throws {
    let document = TestDocuments.document()
    XCTAssertEqual(try TestDocuments.render(document), try TestDocuments.render(document))
  }

  func testAccuracyOutsideZeroToOneIsRefused() throws {
    var document = TestDocuments.document()
    document.values.accuracy = 1.5
    let renderer = try HTMLReportRenderer(templatesDirectory: TestDocuments.templatesDirectory)
    XCTAssertThrowsError(try renderer.render(document)) { error in
      guard case ReportingError.invalidDocument = error else {
        return XCTFail("unexpected \(error)")
      }
      XCTAssertTrue(String(describing: error).contains("accuracy 1.5"))
    }
  }

  func testDefaultTemplatesDirectoryFindsThePackageTemplates() throws {
    let found = try XCTUnwrap(HTMLReportRenderer.defaultTemplatesDirectory())
    XCTAssertTrue(
      FileManager.default.fileExists(atPath: found.appendingPathComponent("report.mustache").path))
    XCTAssertNoThrow(try HTMLReportRenderer(templatesDirectory: found))
  }
}
