import Foundation
import Plotting
import XCTest

/// `report active-learning` on a person's own file (issue 16 item 4): it starts from the
/// file's labeled rows, stops at a round that needs answers, goes on with `--answers`, runs
/// the random baseline when every class is known, and survives a class found mid-run.
final class ActiveLearningLoopTests: XCTestCase {
  private static func owndata(_ name: String) -> URL { Binary.fixture("owndata/\(name)") }

  private func object(_ url: URL) throws -> [String: Any] {
    try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
  }

  private func rows(_ url: URL) throws -> [[String]] {
    try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline).map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
  }

  /// The rounds of `active_<name>.json` (make_active_learning_fixtures.py).
  private func fixtureRounds(_ name: String) throws -> [[String: Any]] {
    try XCTUnwrap(object(Binary.fixture("active_\(name).json"))["rounds"] as? [[String: Any]])
  }

  /// `queries` with its label column filled in from the wine's true cultivars; `skip` rows
  /// (by source index) left empty.
  private func fillIn(_ queries: URL, to answers: URL, skip: Set<Int> = []) throws {
    let truth = try rows(Self.owndata("wine_classes.csv")).dropFirst().map { $0.last ?? "" }
    var table = try rows(queries)
    let source = try XCTUnwrap(table[0].firstIndex(of: "source_index"))
    let label = try XCTUnwrap(table[0].firstIndex(of: "label"))
    for row in 1..<table.count {
      let index = try XCTUnwrap(Int(table[row][source]))
      table[row][label] = skip.contains(index) ? "" : truth[index]
    }
    let text = table.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
    try Data(text.utf8).write(to: answers)
  }

  /// Runs a command line as the tool printed it, with `report` the built program.
  private func runPrinted(_ line: String, in folder: URL) throws -> BinaryRun {
    let command = line.trimmingCharacters(in: .whitespaces)
    XCTAssert(command.hasPrefix("report "), command)
    return try Binary.run(
      URL(fileURLWithPath: "/bin/sh"), ["-c", "\"$REPORT\" " + command.dropFirst("report ".count)],
      in: folder, environment: ["REPORT": Binary.url.path])
  }

  /// A copy of wine_unl.csv that keeps only the first `kept` of its 40 classes.
  private func fewerLabels(_ kept: Int, in folder: URL) throws -> URL {
    var table = try rows(Self.owndata("wine_unl.csv"))
    var seen = 0
    for row in 1..<table.count where table[row].last != "-1" {
      seen += 1
      if seen > kept { table[row][table[row].count - 1] = "-1" }
    }
    let url = folder.appendingPathComponent("wine_\(kept).csv")
    try Data((table.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n").utf8)
      .write(to: url)
    return url
  }

  func testACSVWithFewerThanFortyLabelsStartsFromItsLabeledRows() throws {
    let folder = try Binary.scratchFolder(self)
    let data = try fewerLabels(25, in: folder)
    let run = try Binary.run(
      ["active-learning", "--data", data.path, "--standardize", "--output", "out"], in: folder)
    XCTAssertEqual(run.status, 0, run.stderr)
    XCTAssertTrue(run.stdout.contains("25 labeled & 135 unlabeled"), run.stdout)
    let json = try object(folder.appendingPathComponent("out/active_learning.json"))
    let rounds = try XCTUnwrap(json["rounds"] as? [[String: Any]])
    XCTAssertEqual(rounds.first?["labeled"] as? Int, 25)
    XCTAssertTrue(rounds.first?["accuracy"] is NSNull, "no hidden class to score")

    // --labeled keeps N of the labeled rows and scores the others, as `report` does.
    let kept = try Binary.run(
      [
        "active-learning", "--data", Self.owndata("wine_unl.csv").path, "--standardize",
        "--labeled", "10", "--output", "kept", "--quiet",
      ], in: folder)
    XCTAssertEqual(kept.status, 0, kept.stderr)
    let first = try XCTUnwrap(
      try object(folder.appendingPathComponent("kept/active_learning.json"))["rounds"]
        as? [[String: Any]]
    ).first
    XCTAssertEqual(first?["labeled"] as? Int, 10)
    XCTAssertTrue(try XCTUnwrap(first?["report_text"] as? String).contains("30\n"), "support 30")
  }

  func testEachSessionStopsWritesQueriesAndGoesOnWithTheAnswers() throws {
    let folder = try Binary.scratchFolder(self)
    let data = Self.owndata("wine_unl.csv")
    let before = try Data(contentsOf: data)
    let expected = try fixtureRounds("person")
    var line = "report active-learning --data \(data.path) --standardize --rounds 3 --output out"
    var answerFiles: [URL] = []
    for (round, wanted) in expected.enumerated() {
      let run = try runPrinted(line, in: folder)
      XCTAssertEqual(run.status, 0, run.stderr)
      XCTAssertTrue(run.stdout.contains("Round \(round + 1) waits for your answers"), run.stdout)
      let queries = try rows(folder.appendingPathComponent("out/queries.csv"))
      XCTAssertEqual(
        queries[0],
        [
          "query", "index", "source_index", "predicted", "entropy", "p_class_0", "p_class_1",
          "p_class_2", "label",
        ])
      XCTAssertEqual(
        queries.dropFirst().map { Int($0[2]) ?? -1 }, wanted["chosen_source_indices"] as? [Int],
        "round \(round): the rows scikit-learn chooses")
      XCTAssertEqual(queries.dropFirst().map { $0[0] }, ["1", "2", "3", "4", "5"])
      XCTAssertTrue(queries.dropFirst().allSatisfy { $0.last == "" })
      for (row, entropy) in zip(
        queries.dropFirst(), try XCTUnwrap(wanted["chosen_entropies"] as? [Double]))
      {
        XCTAssertEqual(try XCTUnwrap(Double(row[4])), entropy, accuracy: 1e-9)
      }
      let json = try object(folder.appendingPathComponent("out/active_learning.json"))
      XCTAssertEqual(try XCTUnwrap(json["rounds"] as? [Any]).count, round + 1)
      XCTAssertTrue(json["baseline"] is NSNull)
      let waiting = try XCTUnwrap(json["waiting"] as? [String: Any])
      XCTAssertEqual(waiting["round"] as? Int, round)
      let page = try String(
        contentsOf: folder.appendingPathComponent("out/active_learning.html"), encoding: .utf8)
      XCTAssertTrue(page.contains("answers_round\(round + 1).csv"))

      // The person fills it in, saves it where the tool says, and runs the printed command.
      let printed = run.stdout.split(separator: "\n").map(String.init)
      let saveAs = "answers_round\(round + 1).csv"
      XCTAssertTrue(printed.contains { $0.contains("as \(saveAs)") }, run.stdout)
      line = try XCTUnwrap(printed.last)
      XCTAssertTrue(line.hasSuffix("--answers \(saveAs)"), line)
      let answers = folder.appendingPathComponent(saveAs)
      try fillIn(folder.appendingPathComponent("out/queries.csv"), to: answers)
      answerFiles.append(answers)
    }
    let sums = try answerFiles.map { try Data(contentsOf: $0) }
    let last = try runPrinted(line, in: folder)
    XCTAssertEqual(last.status, 0, last.stderr)
    XCTAssertTrue(last.stdout.contains("15 of 15 answers used"), last.stdout)
    XCTAssertFalse(last.stdout.contains("waits for your answers"), last.stdout)
    XCTAssertEqual(
      try rows(folder.appendingPathComponent("out/queries.csv")).count, 1,
      "nothing is asked: the header alone")
    let json = try object(folder.appendingPathComponent("out/active_learning.json"))
    XCTAssertTrue(json["waiting"] is NSNull)
    let rounds = try XCTUnwrap(json["rounds"] as? [[String: Any]])
    XCTAssertEqual(rounds.map { $0["labeled"] as? Int }, [40, 45, 50])
    XCTAssertEqual(
      rounds.map { $0["chosen_source_indices"] as? [Int] },
      expected.map { $0["chosen_source_indices"] as? [Int] })
    XCTAssertEqual(try Data(contentsOf: data), before, "the data file is never written")
    XCTAssertEqual(try answerFiles.map { try Data(contentsOf: $0) }, sums, "nor the answers")
  }

  func testASkippedAnswerIsNotAskedAgainAndBadAnswersAreRefused() throws {
    let folder = try Binary.scratchFolder(self)
    let base = [
      "active-learning", "--data", Self.owndata("wine_unl.csv").path, "--standardize",
      "--rounds", "3", "--output", "out",
    ]
    XCTAssertEqual(try Binary.run(base, in: folder).status, 0)
    let first = try rows(folder.appendingPathComponent("out/queries.csv")).dropFirst()
    let skipped = try XCTUnwrap(Int(try XCTUnwrap(first.first)[2]))
    let answers = folder.appendingPathComponent("answers_round1.csv")
    try fillIn(folder.appendingPathComponent("out/queries.csv"), to: answers, skip: [skipped])
    let run = try Binary.run(base + ["--answers", answers.path], in: folder)
    XCTAssertEqual(run.status, 0, run.stderr)
    XCTAssertTrue(run.stdout.contains("4 of 4 answers used"), run.stdout)
    XCTAssertTrue(run.stdout.contains("Round 2 waits"), run.stdout)
    let next = try rows(folder.appendingPathComponent("out/queries.csv")).dropFirst()
    XCTAssertFalse(next.contains { $0[2] == String(skipped) }, "a skipped row is not asked again")
    let json = try object(folder.appendingPathComponent("out/active_learning.json"))
    let rounds = try XCTUnwrap(json["rounds"] as? [[String: Any]])
    XCTAssertEqual((rounds[0]["chosen_outcomes"] as? [String])?.first, "skipped")
    XCTAssertEqual(rounds[1]["labeled"] as? Int, 44)

    // A bad answer stops the run before any work: exit 65, file:line, the folder unchanged.
    let snapshot = Binary.snapshot(folder.appendingPathComponent("out"))
    let cases: [(String, String)] = [
      ("source_index,label\n\(skipped),class_1\n2,pinot\n", ":3:"),
      ("source_index,label\n999,class_2\n", ":2:"),
      ("source_index,label\n5,class_2\n", ":2:"),
    ]
    for (index, (text, place)) in cases.enumerated() {
      let file = folder.appendingPathComponent("bad\(index).csv")
      try Data(text.utf8).write(to: file)
      let bad = try Binary.run(
        base + ["--answers", answers.path, "--answers", file.path], in: folder)
      XCTAssertEqual(bad.status, 65, bad.stderr)
      XCTAssertTrue(bad.stderr.contains("bad\(index).csv\(place)"), bad.stderr)
      XCTAssertEqual(bad.stderr.split(separator: "\n").count, 1, bad.stderr)
      XCTAssertEqual(Binary.snapshot(folder.appendingPathComponent("out")), snapshot)
    }
  }

  func testTheRandomBaselineIsReproducibleAndOnThePageAndFigure() throws {
    let folder = try Binary.scratchFolder(self)
    let run = try Binary.run(["active-learning", "--output", "a"], in: folder)
    XCTAssertEqual(run.status, 0, run.stderr)
    XCTAssertTrue(run.stdout.contains("Uncertainty sampling beat random sampling"), run.stdout)
    let json = try object(folder.appendingPathComponent("a/active_learning.json"))
    let baseline = try XCTUnwrap(json["baseline"] as? [[String: Any]])
    let expected = try fixtureRounds("random")
    XCTAssertEqual(
      baseline.map { $0["chosen_source_indices"] as? [Int] },
      expected.map { $0["chosen_source_indices"] as? [Int] }, "numpy's rng.choice")
    for (actual, wanted) in zip(baseline, expected) {
      XCTAssertEqual(
        try XCTUnwrap(actual["accuracy"] as? Double),
        try XCTUnwrap(wanted["accuracy"] as? Double), accuracy: 1e-12)
    }
    XCTAssertEqual((json["comparison"] as? [String: Any])?["verdict"] as? String, "beat")

    let again = try Binary.run(["active-learning", "--output", "b", "--quiet"], in: folder)
    XCTAssertEqual(again.status, 0, again.stderr)
    let repeated = try object(folder.appendingPathComponent("b/active_learning.json"))
    XCTAssertEqual(
      (repeated["baseline"] as? [[String: Any]])?.map { $0["chosen"] as? [Int] },
      baseline.map { $0["chosen"] as? [Int] }, "the same seed, the same picks")

    let page = try String(
      contentsOf: folder.appendingPathComponent("a/active_learning.html"), encoding: .utf8)
    XCTAssertTrue(page.contains("Uncertainty sampling beat random sampling"))
    XCTAssertTrue(page.contains("random sampling, seed 0"))
    let table = try XCTUnwrap(
      page.components(separatedBy: "id=\"baseline\"").dropFirst().first?
        .components(separatedBy: "</table>").first)
    XCTAssertEqual(table.components(separatedBy: "<tr>").count - 1, 6, "heading and 5 rounds")
    XCTAssertTrue(table.contains("<td class=\"num\">0.881</td>"), "random's last accuracy")

    // Both curves are drawn: tab:blue for uncertainty, tab:green for random; at the last
    // round (60 labels) random sampling's accuracy, 0.881, lies below 0.956.
    let png = try DecodedPNG.decode(
      Array(Data(contentsOf: folder.appendingPathComponent("a/learning_progress.png"))))
    XCTAssertEqual(png.text["Description"]?.contains("baseline=random"), true, "\(png.text)")
    func pixels(near color: (Int, Int, Int)) -> [(x: Int, y: Int)] {
      var found: [(Int, Int)] = []
      for y in 0..<png.height {
        for x in 0..<png.width {
          let p = png.pixel(x: x, y: y)
          if abs(Int(p.r) - color.0) + abs(Int(p.g) - color.1) + abs(Int(p.b) - color.2) < 30 {
            found.append((x, y))
          }
        }
      }
      return found
    }
    let blue = pixels(near: (0x1f, 0x77, 0xb4))
    let green = pixels(near: (0x2c, 0xa0, 0x2c))
    XCTAssertGreaterThan(blue.count, 200)
    XCTAssertGreaterThan(green.count, 200)
    let right = try XCTUnwrap(blue.map(\.x).max())
    let blueEnd = blue.filter { $0.x >= right - 3 }.map(\.y).min() ?? 0
    let greenEnd = green.filter { $0.x >= right - 3 }.map(\.y).min() ?? 0
    XCTAssertGreaterThan(greenEnd, blueEnd + 20, "random's last point lies lower")
  }

  func testARoundThatDiscoversAClassKeepsGoing() throws {
    let folder = try Binary.scratchFolder(self)
    // Seed 2 labels two irises of one species; a later round finds the others (exit 74 once).
    let iris = try Binary.run(
      [
        "active-learning", "--data", Binary.fixture("iris.csv").path, "--labeled", "2",
        "--rounds", "4", "--seed", "2", "--output", "iris", "--quiet",
      ], in: folder)
    XCTAssertEqual(iris.status, 0, iris.stderr)
    let irisRounds = try XCTUnwrap(
      try object(folder.appendingPathComponent("iris/active_learning.json"))["rounds"]
        as? [[String: Any]])
    let counts = irisRounds.compactMap { ($0["classes"] as? [Any])?.count }
    XCTAssertEqual(counts.first, 1)
    XCTAssertGreaterThan(counts.last ?? 0, 1)
    for name in ["active_learning.png", "learning_progress.png"] {
      _ = try DecodedPNG.decode(
        Array(Data(contentsOf: folder.appendingPathComponent("iris/\(name)"))))
    }

    // The wine case against scikit-learn: classes grow from two to three in round 2.
    let wine = try Binary.run(
      [
        "active-learning", "--data", Self.owndata("wine_classes.csv").path, "--standardize",
        "--labeled", "2", "--rounds", "4", "--seed", "4", "--output", "wine", "--quiet",
      ], in: folder)
    XCTAssertEqual(wine.status, 0, wine.stderr)
    let rounds = try XCTUnwrap(
      try object(folder.appendingPathComponent("wine/active_learning.json"))["rounds"]
        as? [[String: Any]])
    let expected = try fixtureRounds("discovery")
    XCTAssertEqual(
      rounds.map { ($0["classes"] as? [String])?.count },
      expected.map { ($0["classes"] as? [Int])?.count })
    XCTAssertEqual(rounds.first?["classes"] as? [String], ["class_0", "class_2"])
    for (actual, wanted) in zip(rounds, expected) {
      XCTAssertEqual(
        try XCTUnwrap(actual["accuracy"] as? Double),
        try XCTUnwrap(wanted["accuracy"] as? Double), accuracy: 1e-12)
      XCTAssertEqual(actual["report_text"] as? String, wanted["report_text"] as? String)
    }
  }
}
