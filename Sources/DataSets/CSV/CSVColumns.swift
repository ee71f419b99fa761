/// What each column of a CSV file is for.
struct CSVColumnRoles {
  /// The column of row ids, if any.
  var index: Int?
  /// Whether `index` was found by its empty header rather than named.
  var indexDetected: Bool
  /// Columns left out of the features, in file order.
  var ignored: [Int]
  /// The class column.
  var target: Int
  /// The feature columns, in file order.
  var features: [Int]
}

extension CSVDataSetReader {
  /// Decides the role of every column, or says why the header cannot describe a data set.
  func columns(_ options: CSVDataSetOptions, delimiter: CSVDelimiter) throws(DataError)
    -> CSVColumnRoles
  {
    let header = table.header
    guard header.count > 1 else { throw oneColumnError(delimiter: delimiter) }

    var index: Int?
    var indexDetected = false
    switch options.indexColumn {
    case .automatic:
      if header[0].isEmpty {
        index = 0
        indexDetected = true
      }
    case .none:
      if header[0].isEmpty { throw emptyFirstNameError(option: "--index-column none") }
    case .named(let name):
      index = try columnIndex(named: name, option: "--index-column")
      if header[0].isEmpty, index != 0 {
        throw emptyFirstNameError(option: "--index-column \(Self.optionText(name))")
      }
    }

    var ignored: [Int] = []
    for name in options.ignoredColumns {
      let column = try columnIndex(named: name, option: "--ignore-columns")
      if column != index, !ignored.contains(column) { ignored.append(column) }
    }
    ignored.sort()

    let excluded = Set(ignored + (index.map { [$0] } ?? []))
    let candidates = header.indices.filter { !excluded.contains($0) }
    let target = try targetIndex(named: options.targetColumn, candidates: candidates)
    if excluded.contains(target) {
      let option = target == index ? "the index column (--index-column)" : "--ignore-columns"
      throw DataError(
        kind: .invalidData, file: fileName, line: table.headerLine,
        message: "column \(DataError.quoted(header[target])) is the class column, so it cannot "
          + "be \(option); --target-column names another class column")
    }
    let features = candidates.filter { $0 != target }
    guard !features.isEmpty else {
      var message = "no feature column: "
      message +=
        excluded.isEmpty
        ? "the only column is the target \(DataError.quoted(header[target]))"
        : "every column but the target \(DataError.quoted(header[target])) is the index or ignored"
      throw DataError(
        kind: .invalidData, file: fileName, line: table.headerLine,
        message: message + "; at least one feature column is needed")
    }
    return CSVColumnRoles(
      index: index, indexDetected: indexDetected, ignored: ignored, target: target,
      features: features)
  }

  /// The index and ignored columns' text, and the file row of each row after `fileRows`
  /// (the rows kept, when some were dropped); `nil` when there is nothing to carry.
  func carriedColumns(_ columns: CSVColumnRoles, fileRows: [Int]?) -> CarriedColumns? {
    let carried = (columns.index.map { [$0] } ?? []) + columns.ignored
    guard !carried.isEmpty || fileRows != nil else { return nil }
    let rows = fileRows ?? Array(table.rows.indices)
    return CarriedColumns(
      names: carried.map { $0 == columns.index ? "id" : table.header[$0] },
      values: carried.map { column in rows.map { table.rows[$0][column] } },
      fileRows: fileRows)
  }

  /// The decimal separator of a file whose delimiter is `delimiter`: a comma when the file
  /// is `;`- or tab-separated and one of its feature fields holds a comma, else a point.
  func detectedDecimal(in features: [Int], delimiter: CSVDelimiter) -> DecimalSeparator {
    guard delimiter != .comma else { return .point }
    for fields in table.rows {
      for column in features where fields[column].utf8.contains(UInt8(ascii: ",")) {
        return .comma
      }
    }
    return .point
  }

  /// The error for a header of one column: most often a file split at the wrong character.
  private func oneColumnError(delimiter: CSVDelimiter) -> DataError {
    DataError(
      kind: .invalidData, file: fileName, line: table.headerLine,
      message: delimiter.oneColumnMessage(header: table.header[0]))
  }

  /// The error for an empty first header field that is not taken as the index column.
  private func emptyFirstNameError(option: String) -> DataError {
    DataError(
      kind: .invalidData, file: fileName, line: table.headerLine, column: 1,
      message: "the header's field 1 is empty, and \(option) makes it a feature; every feature "
        + "needs a name (without --index-column, a first column with an empty name is read as "
        + "the row index, as pandas writes it)")
  }

  /// `name` as a shell argument: as it is when plain, else in quotes.
  static func optionText(_ name: String) -> String {
    let plain = name.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
        || "_-.".unicodeScalars.contains($0)
    }
    return plain && !name.isEmpty ? name : DataError.quoted(name)
  }
}

extension CSVTable {
  /// The table with only the rows at `kept` (ascending), for dropping rows.
  func keepingRows(_ kept: [Int]) -> CSVTable {
    var copy = self
    copy.rows = kept.map { rows[$0] }
    copy.rowLines = kept.map { rowLines[$0] }
    copy.rowOffsets = kept.map { rowOffsets[$0] }
    return copy
  }
}
