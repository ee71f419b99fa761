import Foundation
import Reporting
import XCTest

final class ExtraPagesTests: XCTestCase {
  private let csp =
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
    + "style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'\">"

  private func pages() throws -> [String: String] {
    let renderer = try ExtraPageDocuments.renderer()
    return [
      "learning curve": try renderer.render(ExtraPageDocuments.curve()),
      "active learning": try renderer.render(ExtraPageDocuments.activeLearning()),
      "active learning without truth": try renderer.render(
        ExtraPageDocuments.activeLearning(withTruth: false)),
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

  func testCurveTableHasOneRowPerCurveRowGroupedByModel() throws {
    let document = ExtraPageDocuments.curve()
    let html = try ExtraPageDocuments.renderer().render(document)
    let table = html.between("<table class=\"curve\">", "</table>")
    let body = table.components(separatedBy: "</thead>").last ?? ""
    XCTAssertEqual(body.occurrences(of: "<tr>"), document.rows.count)
    XCTAssertEqual(table.occurrences(of: "<tbody class=\"model-group\">"), 2)
    let groupSize = ExtraPageDocuments.labeledCounts.count
    XCTAssertEqual(table.occurrences(of: "rowspan=\"\(groupSize)\""), 2)
    // The rows of each model follow each other although the document interleaves them.
    let groups = table.pieces(after: "<tbody class=\"model-group\">")
    for (group, model) in zip(groups, ExtraPageDocuments.models) {
      XCTAssertTrue(group.contains("<bdi>\(model)</bdi>"))
      XCTAssertEqual(group.occurrences(of: "<tr>"), groupSize)
    }
    let first = document.rows[0]
    let cells = [
      "<td class=\"num\">\(first.labeled)</td><td class=\"num\">\(first.runs)</td>",
      "<td class=\"num strong\">0.600</td>", "± 0.013", "<td class=\"num\">0.570</td>",
      "<td class=\"num\">0.620</td>", "<td class=\"num\">0.590</td>",
    ]
    for cell in cells {
      XCTAssertTrue(table.contains(cell), "missing \(cell)")
    }
    XCTAssertTrue(html.contains("src=\"learning_curve.png\""))
    XCTAssertTrue(html.contains("alt=\"Accuracy rises with the labels.\""))
    XCTAssertTrue(html.contains("href=\"learning_curve.json\""))
    XCTAssertTrue(html.contains("id=\"warnings\""))
  }

  func testActiveLearningHasOneSectionPerRoundWithASquareConfusionTable() throws {
    let document = ExtraPageDocuments.activeLearning()
    let html = try ExtraPageDocuments.renderer().render(document)
    let sections = html.pieces(after: "<section class=\"card round\"")
    XCTAssertEqual(sections.count, document.rounds.count)
    let cellCount = document.rounds[0].confusionLabels.count
    for (section, round) in zip(sections, document.rounds) {
      XCTAssertTrue(
        section.contains("<h2>Round \(round.round) — \(round.labeled) labels</h2>"),
        "heading of round \(round.round)")
      let matrix = section.between("<table class=\"confusion\">", "</table>")
      XCTAssertEqual(matrix.occurrences(of: "<td "), cellCount * cellCount)
      XCTAssertEqual(matrix.occurrences(of: "<th scope=\"row\">"), cellCount)
      XCTAssertEqual(matrix.occurrences(of: "<td class=\"cm-d "), cellCount, "diagonal")
      // Each side is tinted on its own scale: 9 + round is the largest correct count, 3 the
      // largest confusion, and 1 of 3 is a third of the way up.
      XCTAssertTrue(matrix.contains("<td class=\"cm-d cm-5\">\(9 + round.round)</td>"))
      XCTAssertTrue(matrix.contains("<td class=\"cm-o cm-5\">3</td>"), "largest confusion")
      XCTAssertTrue(matrix.contains("<td class=\"cm-o cm-2\">1</td>"), "smaller confusion")
      XCTAssertTrue(matrix.contains("<td class=\"cm-o cm-0\">0</td>"), "no samples")
      let report = section.between("<table class=\"metrics\">", "</table>")
      XCTAssertEqual(report.occurrences(of: "<tr"), round.report!.rows.count + 1)
      let chosen = section.between("<table class=\"samples\">", "</table>")
      XCTAssertEqual(chosen.occurrences(of: "<tr"), round.chosen.count + 1)
      XCTAssertTrue(chosen.contains("<td class=\"num\">1.235</td>"), "entropy, 3 decimals")
      XCTAssertTrue(section.contains("0.765"), "macro F1")
    }
    XCTAssertTrue(html.contains("src=\"chosen_samples.png\""))
    XCTAssertTrue(html.contains("src=\"learning_progress.png\""))
    XCTAssertTrue(html.contains("href=\"active_learning.json\""))
  }

  func testReportTextIsKeptExactlyInsidePre() throws {
    let html = try ExtraPageDocuments.renderer().render(ExtraPageDocuments.activeLearning())
    let expected = "<pre>" + HTMLEscaping.escape(ExtraPageDocuments.reportText) + "</pre>"
    XCTAssertEqual(html.occurrences(of: expected), 3)
    XCTAssertTrue(html.contains("<details class=\"raw\">"))
  }

  func testMissingAccuracyIsShownAsCannotBeMeasured() throws {
    let renderer = try ExtraPageDocuments.renderer()
    let measured = try renderer.render(ExtraPageDocuments.activeLearning())
    XCTAssertFalse(measured.contains("cannot be measured"))
    let unmeasured = try renderer.render(ExtraPageDocuments.activeLearning(withTruth: false))
    let sections = unmeasured.pieces(after: "<section class=\"card round\"")
    XCTAssertEqual(sections.count, 3)
    for section in sections {
      XCTAssertTrue(section.contains("accuracy cannot be measured"))
      XCTAssertTrue(section.contains("macro F1 cannot be measured"))
      XCTAssertFalse(section.contains("<table class=\"confusion\">"))
      XCTAssertFalse(section.contains("<table class=\"metrics\">"))
      XCTAssertFalse(section.contains("<th scope=\"col\">True</th>"))
    }
    XCTAssertTrue(unmeasured.contains("<strong>Accuracy cannot be measured</strong>"))

    var mixed = ExtraPageDocuments.activeLearning()
    mixed.rounds[1].accuracy = nil
    let page = try renderer.render(mixed)
    let rounds = page.pieces(after: "<section class=\"card round\"")
    XCTAssertFalse(rounds[0].contains("accuracy cannot be measured"))
    XCTAssertTrue(rounds[1].contains("accuracy cannot be measured"))
    XCTAssertFalse(rounds[2].contains("accuracy cannot be measured"))
  }

  func testInvalidValuesAreRefused() throws {
    let renderer = try ExtraPageDocuments.renderer()
    var notSquare = ExtraPageDocuments.activeLearning()
    notSquare.rounds[0].confusion?.removeLast()
    var tooAccurate = ExtraPageDocuments.activeLearning()
    tooAccurate.rounds[2].accuracy = 1.5
    var noSize = ExtraPageDocuments.curve()
    noSize.figure?.width = 0
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
