import ArgumentParser
import DataSets
import Learning
import Reporting

/// `--answers FILE` and `--allow-new-classes`: a person's classes for some rows, for this run.
struct AnswersOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "A CSV file of answers: 'source_index' (the data row, from 0) and 'label' (its class); "
        + "other columns are ignored and rows with an empty label skipped, so a filled-in "
        + "queries.csv is one. Repeat for several files. The data file is never changed.",
      valueName: "file"))
  var answers: [String] = []

  @Flag(help: "Accept answers naming a class the data does not have (it joins the class list).")
  var allowNewClasses = false

  /// The answers files, which the output folder must leave alone.
  var inputFiles: [String] { answers }

  /// Reads and checks every answers file against `data`; refuses a bad answer with its
  /// `file:line` (exit 65) before any work is done.
  func resolve(against data: DataSet) throws -> ResolvedAnswers {
    guard !answers.isEmpty else {
      return ResolvedAnswers(data: data, codes: [:], files: [], declinedRows: [])
    }
    do {
      var files: [AnswersFile] = []
      for path in answers { files.append(try AnswersFile.load(path: path)) }
      let (resolved, codes) = try AnswersFile.resolve(
        files, against: data, allowNewClasses: allowNewClasses)
      // Rows left without a label that name a data row: asked, and not answered.
      var declined = Set<Int>()
      for file in files {
        for fileRow in file.skippedRows {
          if let row = resolved.row(fromFileRow: fileRow), codes[row] == nil {
            declined.insert(row)
          }
        }
      }
      return ResolvedAnswers(data: resolved, codes: codes, files: files, declinedRows: declined)
    } catch {
      throw Failure(exitCode: error.exitCode, message: error.description)
    }
  }
}

/// The data with the answers' classes known, and what the answers were.
struct ResolvedAnswers {
  /// The data set, its class list extended by any new class the answers named.
  let data: DataSet
  /// Class code per answered data row.
  let codes: [Int: Int]
  let files: [AnswersFile]
  /// Data rows listed with an empty label and not answered in another file.
  ///
  /// A person was asked and gave no answer; `report active-learning` does not ask again.
  let declinedRows: Set<Int>

  /// One line for stdout and the page: how many answers were used and where they came from.
  ///
  /// `unused` says why answers were not used, when some were not.
  func summary(
    used: Int, unused: String = "the others name rows outside the samples used"
  ) -> String? {
    guard !files.isEmpty else { return nil }
    let given = codes.count
    let names = files.map { DataSet.fileName(of: $0.source) }.joined(separator: ", ")
    var text = "\(used) of \(given) \(given == 1 ? "answer" : "answers") used, from \(names)"
    if used < given { text += " (\(unused))" }
    let skipped = files.reduce(0) { $0 + $1.skipped }
    if skipped > 0 {
      text += "; \(skipped) \(skipped == 1 ? "row" : "rows") without a label skipped"
    }
    return text
  }

  /// `metrics.json`'s `answers`: the files, their checksums and the counts.
  func json(used: Int) -> JSONValue {
    guard !files.isEmpty else { return .null }
    return .object([
      (
        "files",
        .array(
          files.map {
            .object([
              ("source", .string($0.source)), ("sha256", .string($0.sha256)),
              ("answers", .int($0.answers.count)), ("skipped", .int($0.skipped)),
            ])
          })
      ),
      ("rows_answered", .int(codes.count)),
      ("used", .int(used)),
    ])
  }
}
