import ArgumentParser
import DataSets
import Foundation
import Learning
import Reporting

/// `--delimiter`: `,`, `;` or `tab`.
struct DelimiterArgument: ExpressibleByArgument, Sendable {
  let delimiter: CSVDelimiter

  init?(argument: String) {
    guard let delimiter = CSVDelimiter(optionValue: argument) else { return nil }
    self.delimiter = delimiter
  }
}

/// `--decimal`: `.` or `,`.
struct DecimalArgument: ExpressibleByArgument, Sendable {
  let separator: DecimalSeparator

  init?(argument: String) {
    guard let separator = DecimalSeparator(optionValue: argument) else { return nil }
    self.separator = separator
  }
}

/// `--missing`: what to do with missing feature values.
enum MissingChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
  case drop, mean, median

  var strategy: MissingValueStrategy {
    switch self {
    case .drop: .drop
    case .mean: .mean
    case .median: .median
    }
  }
}

extension DataOptions {
  /// The CSV reading options, checked against each other; usage errors exit 64.
  func csvOptions() throws -> CSVDataSetOptions {
    var ignored: [String] = []
    if let ignoreColumns {
      ignored = ignoreColumns.split(separator: ",", omittingEmptySubsequences: false).map(
        String.init)
      if ignored.contains(where: \.isEmpty) {
        throw Failure.usage(
          "--ignore-columns takes column names separated by commas, without empty names "
            + "(got \(quotedName(ignoreColumns)))")
      }
    }
    let index: IndexColumnChoice =
      switch indexColumn {
      case nil: .automatic
      case "none": .none
      case let name?: .named(name)
      }
    if let targetColumn {
      if ignored.contains(targetColumn) {
        throw Failure.usage(
          "--ignore-columns names the class column \(quotedName(targetColumn)) "
            + "(--target-column); the class cannot be left out")
      }
      if case .named(let name) = index, name == targetColumn {
        throw Failure.usage(
          "--index-column and --target-column both name \(quotedName(name)); "
            + "the ids and the class must be different columns")
      }
    }
    return CSVDataSetOptions(
      targetColumn: targetColumn, delimiter: delimiter?.delimiter,
      decimalSeparator: decimal?.separator,
      indexColumn: index, ignoredColumns: ignored, missing: missing?.strategy)
  }

  /// The options given that only apply to a CSV file, for the error when `--data` is absent.
  var csvOnlyOptions: [String] {
    var names: [String] = []
    if targetColumn != nil { names.append("--target-column") }
    if indexColumn != nil { names.append("--index-column") }
    if ignoreColumns != nil { names.append("--ignore-columns") }
    if missing != nil { names.append("--missing") }
    if delimiter != nil { names.append("--delimiter") }
    if decimal != nil { names.append("--decimal") }
    return names
  }
}

/// How a CSV file was read, told on stderr, on the pages, in `metrics.json` and in
/// `predictions.csv`.
struct DataReadingText {
  let data: DataSet

  private var reading: CSVReading? { data.reading }

  /// `note:` lines for what was decided without being asked for, or done to the rows.
  var notes: [String] {
    guard let reading else { return [] }
    var notes: [String] = []
    if reading.delimiterDetected, reading.delimiter != .comma {
      notes.append(
        "the fields are separated by \(reading.delimiter.displayName) (detected; --delimiter "
          + "sets it)")
    }
    if reading.decimalDetected, reading.decimalSeparator == .comma {
      notes.append("the numbers have decimal commas (detected; --decimal sets it)")
    }
    if reading.indexDetected {
      notes.append(
        "the first column has an empty name, so it is read as the row index, as pandas "
          + "writes it: kept out of the features and written to predictions.csv as id "
          + "(--index-column none makes it a feature)")
    }
    if let missing = missingText { notes.append(missing) }
    return notes
  }

  /// What happened to the missing values, in one sentence.
  private var missingText: String? {
    guard let missing = reading?.missing else { return nil }
    switch missing.strategy {
    case .drop:
      return
        "dropped \(missing.droppedRows.count) of \(missing.rowsBeforeDropping) rows with "
        + "missing values (--missing drop)"
    case .mean, .median:
      if missing.fillValues.isEmpty {
        return
          "\(missing.cellsInFile) missing values in \(missing.rowsInFile) rows; each run fills "
          + "them with each feature's \(missing.strategy.rawValue) over its rows (--missing "
          + "\(missing.strategy.rawValue))"
      }
      var text =
        "filled \(missing.filledCells) missing \(missing.filledCells == 1 ? "value" : "values") "
        + "in \(missing.filledRows) \(missing.filledRows == 1 ? "row" : "rows") with each "
        + "feature's \(missing.strategy.rawValue) over the rows used (--missing "
        + "\(missing.strategy.rawValue))"
      if !missing.emptyFeatures.isEmpty {
        text +=
          "; no known value among those rows for "
          + missing.emptyFeatures.map { quotedName(data.featureNames[$0]) }.joined(
            separator: ", ") + ", filled with 0"
      }
      return text
    }
  }

  /// The page's lines about the file, beside its source and checksum.
  var pageFacts: [KeyValue] {
    guard let reading else { return [] }
    let detected = { (flag: Bool) in flag ? " (detected)" : "" }
    let delimiter =
      switch reading.delimiter {
      case .comma: "comma ','"
      case .semicolon: "semicolon ';'"
      case .tab: "tab"
      }
    var facts = [
      KeyValue(key: "Delimiter", value: delimiter + detected(reading.delimiterDetected)),
      KeyValue(
        key: "Decimal separator",
        value: (reading.decimalSeparator == .comma ? "comma ','" : "point '.'")
          + detected(reading.decimalDetected)),
    ]
    if let index = reading.indexColumn {
      facts.append(
        KeyValue(
          key: "Index column",
          value: (index.isEmpty ? "the first, unnamed (as pandas writes it)" : index)
            + ", written to predictions.csv as id"))
    }
    if !reading.ignoredColumns.isEmpty {
      facts.append(
        KeyValue(
          key: "Ignored columns",
          value: reading.ignoredColumns.joined(separator: ", ") + ", written to predictions.csv"))
    }
    if let missing = reading.missing, let text = missingText {
      facts.append(
        KeyValue(
          key: "Missing values",
          value: "\(missing.cellsInFile) in \(missing.rowsInFile) of \(missing.rowsBeforeDropping) "
            + "rows of the file; " + text))
    }
    return facts
  }

  /// The members of `metrics.json`'s `data` that say how the file was read.
  var jsonMembers: [(String, JSONValue)] {
    guard let reading else {
      return [
        ("delimiter", .null), ("decimal", .null), ("index_column", .null),
        ("ignored_columns", .array([])), ("missing", .null),
      ]
    }
    var missingValue = JSONValue.null
    if let missing = reading.missing {
      let filling = missing.strategy != .drop
      missingValue = .object([
        ("strategy", .string(missing.strategy.rawValue)),
        ("cells_in_file", .int(missing.cellsInFile)),
        ("rows_in_file", .int(missing.rowsInFile)),
        ("rows_before_dropping", .int(missing.rowsBeforeDropping)),
        ("dropped_rows", .array(missing.droppedRows.map { .int($0) })),
        ("filled_cells", .int(missing.filledCells)),
        ("filled_rows", .int(missing.filledRows)),
        (
          "fill_values",
          filling && !missing.fillValues.isEmpty
            ? .object(
              zip(data.featureNames, missing.fillValues).map { ($0.0, .double($0.1)) }) : .null
        ),
        ("empty_features", .array(missing.emptyFeatures.map { .string(data.featureNames[$0]) })),
      ])
    }
    return [
      ("delimiter", .string(reading.delimiter.optionValue)),
      ("decimal", .string(reading.decimalSeparator.rawValue)),
      ("index_column", reading.indexColumn.map { .string($0) } ?? .null),
      ("ignored_columns", .array(reading.ignoredColumns.map { .string($0) })),
      ("missing", missingValue),
    ]
  }

  /// The names of the carried columns in `predictions.csv`: as in the file, but one that
  /// is already a column of the predictions gets a `data_` prefix.
  func carriedHeader(avoiding taken: [String]) -> [String] {
    guard let carried = data.carried else { return [] }
    var used = Set(taken)
    return carried.names.map { name in
      var unique = name
      while used.contains(unique) { unique = "data_" + unique }
      used.insert(unique)
      return unique
    }
  }

  /// The carried cells of `sample`, in the order of `carriedHeader`.
  func carriedFields(_ sample: Int) -> [String] {
    data.carried?.values.map { $0[sample] } ?? []
  }

  /// The 0-based data row of the file that `sample` of `result` comes from.
  static func fileRow(_ result: ExperimentResult, _ sample: Int) -> Int {
    result.data.carried?.fileRow(sample) ?? result.sourceIndices[sample]
  }
}

/// `name` in double quotes, escaped as Swift escapes a string, for a one-line message.
private func quotedName(_ name: String) -> String { name.debugDescription }

/// Writes a `note:` line to stderr.
func printNote(_ message: String) {
  FileHandle.standardError.write(Data("report: note: \(message)\n".utf8))
}
