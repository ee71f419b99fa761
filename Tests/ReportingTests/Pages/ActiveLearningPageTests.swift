import Foundation
import Reporting
import XCTest

final class ActiveLearningPageTests: XCTestCase {
  func testActiveLearningHasOneSectionPerRoundWithASquareConfusionTable() throws {
    let document = PageDocuments.activeLearning()
    let html = try PageDocuments.renderer().render(document)
    let sections = html.pieces(after: "<section class=\"card round\"")
    XCTAssertEqual(sections.count, document.values.rounds.count)
    let cellCount = document.values.rounds[0].confusionLabels.count
    for (section, round) in zip(sections, document.values.rounds) {
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
    let html = try PageDocuments.renderer().render(PageDocuments.activeLearning())
    let expected = "<pre>" + HTMLEscaping.escape(PageDocuments.reportText) + "</pre>"
    XCTAssertEqual(html.occurrences(of: expected), 3)
    XCTAssertTrue(html.contains("<details class=\"raw\">"))
  }

  func testMissingAccuracyIsShownAsCannotBeMeasured() throws {
    let renderer = try PageDocuments.renderer()
    let measured = try renderer.render(PageDocuments.activeLearning())
    XCTAssertFalse(measured.contains("cannot be measured"))
    let unmeasured = try renderer.render(PageDocuments.activeLearning(withTruth: false))
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

    var mixed = PageDocuments.activeLearning()
    mixed.values.rounds[1].accuracy = nil
    let page = try renderer.render(mixed)
    let rounds = page.pieces(after: "<section class=\"card round\"")
    XCTAssertFalse(rounds[0].contains("accuracy cannot be measured"))
    XCTAssertTrue(rounds[1].contains("accuracy cannot be measured"))
    XCTAssertFalse(rounds[2].contains("accuracy cannot be measured"))
  }
}
