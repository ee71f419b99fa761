/// A person's answers: which class each of some data rows belongs to.
///
/// A CSV file with a `source_index` column (the 0-based data row of the data
/// file) and a `label` column; other columns are ignored, so the `queries.csv`
/// that `report query` writes is such a file once its `label` column is filled
/// in. A row whose label is empty (or `-1`, "unknown") is skipped.
public struct AnswersFile: Sendable, Equatable {
  /// One answered row of the file.
  public struct Answer: Sendable, Equatable {
    /// 1-based physical line of the row, for messages.
    public let line: Int
    /// The data row answered (0-based, as `source_index`).
    public let sourceIndex: Int
    /// The class as written, without surrounding spaces.
    public let label: String
  }

  /// The file name as the user gave it.
  public let source: String
  /// Hex SHA-256 of the file's bytes.
  public let sha256: String
  /// The rows with a label, in file order.
  public let answers: [Answer]
  /// How many rows were skipped for an empty label.
  public let skipped: Int
  /// The `source_index` of each skipped row that names a data row (a whole number), in
  /// file order: rows a person was asked about and left unanswered.
  public let skippedRows: [Int]

  /// Reads the answers file at `path` (its format only; see `resolve` for the checks
  /// against the data).
  public static func load(path: String, limits: CSVLimits = .default) throws(DataError)
    -> AnswersFile
  {
    let bytes = try FileBytes.contents(ofPath: path, limit: limits.maxFileBytes)
    return try parse(bytes: bytes, fileName: path, limits: limits)
  }

  /// Reads answers from CSV bytes, as `load` does from a file named `fileName`.
  public static func parse(
    bytes: [UInt8], fileName: String, limits: CSVLimits = .default
  ) throws(DataError) -> AnswersFile {
    let table = try CSVTable.parse(bytes, fileName: fileName, limits: limits)
    func column(_ name: String) throws(DataError) -> Int {
      guard let index = table.header.firstIndex(where: { trimmed($0) == name }) else {
        throw DataError(
          kind: .invalidData, file: fileName, line: table.headerLine,
          message: "no column named \(DataError.quoted(name)); an answers file needs "
            + "'source_index' (the data row, from 0) and 'label' (the class)")
      }
      return index
    }
    let sourceColumn = try column("source_index")
    let labelColumn = try column("label")
    var answers: [Answer] = []
    var skipped = 0
    var skippedRows: [Int] = []
    for (row, fields) in table.rows.enumerated() {
      let line = table.rowLines[row]
      let label = trimmed(fields[labelColumn])
      let text = trimmed(fields[sourceColumn])
      if label.isEmpty || label == "-1" {
        skipped += 1
        if let index = Int(text), index >= 0, String(index) == text { skippedRows.append(index) }
        continue
      }
      guard let index = Int(text), index >= 0, String(index) == text else {
        let position = table.position(row: row, field: sourceColumn, in: bytes)
        throw DataError(
          kind: .invalidData, file: fileName, line: position.line, column: position.column,
          message: "source_index holds \(DataError.quoted(text)), which is not a data row "
            + "number (0, 1, 2, ...)")
      }
      answers.append(Answer(line: line, sourceIndex: index, label: label))
    }
    return AnswersFile(
      source: fileName, sha256: SHA256.hex(bytes), answers: answers, skipped: skipped,
      skippedRows: skippedRows)
  }

  /// Checks every answer against `data` and gives the class code of each answered row.
  ///
  /// See `resolve(_:against:allowNewClasses:)`, for this file alone.
  public func resolve(
    against data: DataSet, allowNewClasses: Bool = false
  ) throws(DataError) -> (data: DataSet, answers: [Int: Int]) {
    try Self.resolve([self], against: data, allowNewClasses: allowNewClasses)
  }

  /// Checks the answers of `files` against `data` and gives the class code of each answered row.
  ///
  /// Refused, with the answer's file and line: a row number beyond the data, a class
  /// that is not one of the data's (unless `allowNewClasses`, which adds it to the
  /// class list in `np.unique` order), the same row answered twice with different
  /// classes (in one file or across files), and an answer that contradicts a class
  /// the data file already gives the row.
  /// - Returns: `data` with its class list extended by any new class (its rows
  ///   unchanged), and the class code per answered row in that list.
  public static func resolve(
    _ files: [AnswersFile], against data: DataSet, allowNewClasses: Bool = false
  ) throws(DataError) -> (data: DataSet, answers: [Int: Int]) {
    let integerClasses = data.classNames.allSatisfy { canonicalInteger($0) != nil }
    let normalized = { (label: String) in
      integerClasses ? canonicalInteger(label) ?? label : label
    }
    var names = data.classNames
    var known = Set(names.map { Array($0.utf8) })
    var byRow: [Int: (name: String, label: String, file: String, line: Int)] = [:]
    for file in files {
      for answer in file.answers {
        let fail = { (message: String) in
          DataError(kind: .invalidData, file: file.source, line: answer.line, message: message)
        }
        // `source_index` is the CSV file's data row; rows dropped for a missing value
        // (--missing drop) have none in the data set.
        let fileRows = data.reading?.missing?.rowsBeforeDropping ?? data.sampleCount
        guard let row = data.row(fromFileRow: answer.sourceIndex) else {
          throw fail(
            answer.sourceIndex < fileRows
              ? "source_index \(answer.sourceIndex) is a row dropped for its missing values "
                + "(--missing drop); answer another row, or fill the values (--missing mean)"
              : "source_index \(answer.sourceIndex) is out of range: "
                + "\(DataError.quoted(data.source)) has \(fileRows) rows (0 to \(fileRows - 1))")
        }
        let name = normalized(answer.label)
        if !known.contains(Array(name.utf8)) {
          let list = data.classNames.prefix(12).map(DataError.quoted).joined(separator: ", ")
          guard allowNewClasses else {
            throw fail(
              "label \(DataError.quoted(answer.label)) for row \(answer.sourceIndex) is not one "
                + "of the data's classes (\(list)\(data.classNames.count > 12 ? ", …" : "")); "
                + "pass --allow-new-classes to add it")
          }
          if integerClasses && canonicalInteger(answer.label) == nil {
            throw fail(
              "label \(DataError.quoted(answer.label)) for row \(answer.sourceIndex) is not a "
                + "whole number >= 0, but the data's classes are whole numbers")
          }
          known.insert(Array(name.utf8))
          names.append(name)
        }
        if let previous = byRow[row], !previous.name.utf8.elementsEqual(name.utf8) {
          let place =
            previous.file == file.source
            ? "line \(previous.line)" : "\(DataError.quoted(previous.file)) line \(previous.line)"
          throw fail(
            "row \(answer.sourceIndex) is answered twice with different labels: "
              + "\(DataError.quoted(previous.label)) on \(place), "
              + "\(DataError.quoted(answer.label)) here")
        }
        let existing = data.targets[row]
        if existing != -1, !data.classNames[existing].utf8.elementsEqual(name.utf8) {
          throw fail(
            "row \(answer.sourceIndex) is labeled \(DataError.quoted(data.classNames[existing])) "
              + "in \(DataError.quoted(data.source)), but the answer is "
              + "\(DataError.quoted(answer.label))")
        }
        if byRow[row] == nil {
          byRow[row] = (name, answer.label, file.source, answer.line)
        }
      }
    }

    // The class list in np.unique order: numerically for whole numbers, else by scalars.
    let sorted =
      integerClasses
      ? names.sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }
      : names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    let code = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { (Array($1.utf8), $0) })
    var resolved = data
    if sorted != data.classNames {
      resolved.classNames = sorted
      resolved.targets = data.targets.map {
        $0 == -1 ? -1 : code[Array(data.classNames[$0].utf8)] ?? -1
      }
    }
    var result: [Int: Int] = [:]
    for (row, answer) in byRow { result[row] = code[Array(answer.name.utf8)] }
    return (resolved, result)
  }

  /// `text` as a whole number >= 0 in its shortest form (`"3.0"` is `"3"`), or nil.
  private static func canonicalInteger(_ text: String) -> String? {
    guard let value = StrictDecimal.parse(text), value >= 0, value.rounded(.towardZero) == value,
      value < 9_007_199_254_740_992
    else { return nil }
    return String(Int(value))
  }
}

/// `text` without leading and trailing spaces and tabs.
private func trimmed(_ text: String) -> String {
  let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
  guard let first = text.firstIndex(where: { !isBlank($0) }) else { return "" }
  let last = text.lastIndex(where: { !isBlank($0) }) ?? first
  return String(text[first...last])
}
