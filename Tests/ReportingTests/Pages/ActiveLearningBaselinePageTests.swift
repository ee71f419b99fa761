import Foundation
import Reporting
import XCTest

/// The active-learning page's comparison with random sampling and its waiting round.
final class ActiveLearningBaselinePageTests: XCTestCase {
  private func comparison(beat: Bool) -> ActiveLearningPage.Comparison {
    (
      rows: [
        (
          round: 1, labeled: 40, accuracy: 0.869, baselineAccuracy: 0.869, macroF1: 0.874,
          baselineMacroF1: 0.874
        ),
        (
          round: 2, labeled: 45, accuracy: beat ? 0.902 : 0.85, baselineAccuracy: 0.874,
          macroF1: 0.907, baselineMacroF1: nil
        ),
      ],
      beat: beat,
      verdict: beat
        ? "Uncertainty sampling beat random sampling: <0.902> against 0.874."
        : "Uncertainty sampling did not beat random sampling: 0.850 against 0.874.",
      note: "One random draw."
    )
  }

  func testTheComparisonTableHasBothRunsAndThePlainVerdict() throws {
    var document = PageDocuments.activeLearning()
    document.values.comparison = comparison(beat: true)
    let html = try PageDocuments.renderer().render(document)
    let section = html.between("<section class=\"card\" id=\"baseline\">", "</section>")
    XCTAssertTrue(section.contains("Uncertainty sampling against random sampling"))
    XCTAssertTrue(
      section.contains("beat random sampling: &lt;0.902&gt; against 0.874."), "escaped verdict")
    XCTAssertTrue(section.contains("One random draw."))
    let table = section.between("<tbody>", "</tbody>")
    XCTAssertEqual(table.occurrences(of: "<tr>"), 2)
    XCTAssertTrue(table.contains("<td class=\"num\"><strong>0.902</strong></td>"), "ahead")
    XCTAssertTrue(table.contains("<td class=\"num\">0.869</td><td class=\"num\">0.869</td>"))
    XCTAssertTrue(table.contains("<td class=\"num\">—</td>"), "a score not measured")
    XCTAssertTrue(html.contains("badge-good\" href=\"#baseline\">Beat random sampling"))
    XCTAssertTrue(html.contains("<li><a href=\"#baseline\">"))

    document.values.comparison = comparison(beat: false)
    let lost = try PageDocuments.renderer().render(document)
    XCTAssertTrue(lost.contains("badge-bad\" href=\"#baseline\">Did not beat random sampling"))
    XCTAssertTrue(lost.contains("Uncertainty sampling did not beat random sampling"))
    XCTAssertFalse(lost.contains("<strong>0.850</strong>"), "behind is not emphasised")
  }

  /// Both runs' macro F1 in the comparison table, and each round's macro F1 beside its accuracy
  /// (a view that loses these names still renders, with empty cells and "cannot be measured").
  func testMacroF1IsShownForBothRunsAndEveryRound() throws {
    var document = PageDocuments.activeLearning()
    document.values.comparison = comparison(beat: true)
    let html = try PageDocuments.renderer().render(document)
    let table = html.between("<section class=\"card\" id=\"baseline\">", "</section>")
      .between("<tbody>", "</tbody>")
    XCTAssertTrue(table.contains("<td class=\"num\">0.874</td><td class=\"num\">0.874</td></tr>"))
    XCTAssertTrue(table.contains("<td class=\"num\">0.907</td><td class=\"num\">—</td></tr>"))
    XCTAssertEqual(
      html.occurrences(
        of: "<span class=\"stat-value\">0.765</span><span class=\"stat-label\">macro F1"),
      3)
    XCTAssertFalse(html.contains("macro F1 cannot be measured"))
  }

  func testNoBaselineNoSectionAndScoresOutsideZeroToOneAreRefused() throws {
    let plain = try PageDocuments.renderer().render(PageDocuments.activeLearning())
    XCTAssertFalse(plain.contains("id=\"baseline\""))
    XCTAssertFalse(plain.contains("random sampling"))
    var document = PageDocuments.activeLearning()
    var bad = comparison(beat: true)
    bad.rows[0].baselineAccuracy = 1.5
    document.values.comparison = bad
    XCTAssertThrowsError(try PageDocuments.renderer().render(document))
  }

  func testAWaitingRoundShowsTheCommandToRunWithTheAnswers() throws {
    var document = PageDocuments.activeLearning(withTruth: false)
    let command = "report active-learning --data 'my <data>.csv' --answers answers_round3.csv"
    document.values.waiting = (
      round: 3, queries: 5, answersFile: "answers_round3.csv", nextCommand: command
    )
    let html = try PageDocuments.renderer().render(document)
    let section = html.between("<section class=\"card\" id=\"answers\">", "</section>")
    XCTAssertTrue(section.contains("<h2>Round 3 waits for your answers</h2>"))
    XCTAssertTrue(section.contains("5 samples"))
    XCTAssertTrue(section.contains("<a href=\"queries.csv\">queries.csv</a>"))
    XCTAssertTrue(section.contains("answers_round3.csv"))
    XCTAssertTrue(
      section.contains(
        "<pre class=\"command\"><bdi>" + HTMLEscaping.escape(command) + "</bdi></pre>"))
    XCTAssertTrue(html.contains("href=\"#answers\">Round 3 waits for answers</a>"))
    let plain = try PageDocuments.renderer().render(PageDocuments.activeLearning())
    XCTAssertFalse(plain.contains("id=\"answers\""))
  }
}
