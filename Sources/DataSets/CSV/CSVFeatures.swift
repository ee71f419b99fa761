/// The feature cells of a table, row-major, with NaN where a value is missing.
struct FeatureCells {
  var values: [Double]
  /// The rows with at least one missing value, ascending.
  var rowsWithMissing: [Int]
  var missingCells: Int
  /// The first missing cell: its row, its column in the table, and its text.
  var firstMissing: (row: Int, field: Int, text: String)?

  /// The rows without a missing value, ascending.
  func keptRows(rowCount: Int) -> [Int] {
    var kept: [Int] = []
    kept.reserveCapacity(rowCount - rowsWithMissing.count)
    var next = rowsWithMissing.makeIterator()
    var skip = next.next()
    for row in 0..<rowCount {
      if row == skip {
        skip = next.next()
      } else {
        kept.append(row)
      }
    }
    return kept
  }

  /// The values of the rows `kept`.
  func keptValues(_ kept: [Int], featureCount: Int) -> [Double] {
    var result: [Double] = []
    result.reserveCapacity(kept.count * featureCount)
    for row in kept { result += values[(row * featureCount)..<((row + 1) * featureCount)] }
    return result
  }
}

extension CSVDataSetReader {
  /// The cells of the feature `columns`, row-major: each a finite number or a missing value.
  ///
  /// The plain case (decimal points, no missing value) costs one `StrictDecimal.read` per
  /// cell; the separator is chosen once, outside the loop.
  func features(in columns: [Int], decimal: DecimalSeparator, decimalDetected: Bool)
    throws(DataError) -> FeatureCells
  {
    var cells = FeatureCells(values: [], rowsWithMissing: [], missingCells: 0)
    cells.values.reserveCapacity(table.rows.count * columns.count)
    let decimalComma = decimal == .comma
    for (row, fields) in table.rows.enumerated() {
      var rowHasMissing = false
      for column in columns {
        let text = fields[column]
        let reading =
          decimalComma ? StrictDecimal.readDecimalComma(text) : StrictDecimal.read(text)
        if case .number(let value) = reading {
          cells.values.append(value)
          continue
        }
        guard reading == .empty || (reading == .malformed && MissingValue.isMissing(text)) else {
          throw featureError(
            row: row, field: column, reading: reading, decimal: decimal,
            decimalDetected: decimalDetected)
        }
        cells.values.append(.nan)
        cells.missingCells += 1
        rowHasMissing = true
        if cells.firstMissing == nil { cells.firstMissing = (row, column, text) }
      }
      if rowHasMissing { cells.rowsWithMissing.append(row) }
    }
    return cells
  }

  /// What `strategy` makes of the missing values in `cells`: `nil` when there are none;
  /// an error when there are and no strategy was chosen, when a feature has no value at
  /// all, or when dropping would leave no row.
  func handle(
    _ cells: FeatureCells, strategy: MissingValueStrategy?, columns: CSVColumnRoles
  ) throws(DataError) -> MissingValueSummary? {
    guard let first = cells.firstMissing else { return nil }
    let rowCount = table.rows.count
    let featureCount = columns.features.count
    var known = [Int](repeating: 0, count: featureCount)
    for (offset, value) in cells.values.enumerated() where !value.isNaN {
      known[offset % featureCount] += 1
    }
    let columnsWithMissing = known.filter { $0 < rowCount }.count
    guard let strategy else {
      let rows = cells.rowsWithMissing.count
      throw cellError(
        row: first.row, field: first.field,
        "\(rows) of \(rowCount) rows \(rows == 1 ? "has" : "have") missing values "
          + "(\(cells.missingCells) \(cells.missingCells == 1 ? "cell" : "cells") in "
          + "\(columnsWithMissing) \(columnsWithMissing == 1 ? "column" : "columns")), "
          + "the first here: column \(DataError.quoted(table.header[first.field])) holds "
          + "\(DataError.quoted(first.text)); use --missing drop, --missing mean or "
          + "--missing median")
    }
    if strategy == .drop, cells.rowsWithMissing.count == rowCount {
      throw DataError(
        kind: .invalidData, file: fileName,
        message: "every row has a missing value, so --missing drop leaves no data; "
          + "use --missing mean or --missing median, or --ignore-columns for the emptiest columns")
    }
    if strategy != .drop, let empty = known.firstIndex(of: 0) {
      let name = table.header[columns.features[empty]]
      throw DataError(
        kind: .invalidData, file: fileName, line: table.headerLine,
        message: "column \(DataError.quoted(name)) has no value in any row (every cell is "
          + "missing); leave it out with --ignore-columns \(Self.optionText(name))")
    }
    return MissingValueSummary(
      strategy: strategy, cellsInFile: cells.missingCells,
      rowsInFile: cells.rowsWithMissing.count, rowsBeforeDropping: rowCount,
      droppedRows: strategy == .drop ? cells.rowsWithMissing : [])
  }

  /// Why the feature cell at `row`, `field` is not a number, and what to do about it.
  private func featureError(
    row: Int, field: Int, reading: StrictDecimal.Reading, decimal: DecimalSeparator,
    decimalDetected: Bool
  ) -> DataError {
    let text = table.rows[row][field]
    let name = table.header[field]
    var message = "column \(DataError.quoted(name)) holds \(DataError.quoted(text)), "
    if reading != .malformed {
      message += reading.rejection
    } else if decimal == .comma, text.contains("."), StrictDecimal.parse(text) != nil {
      message +=
        "a number with a decimal point, but this file's numbers are read with decimal commas ("
        + (decimalDetected
          ? "a \(table.separator == UInt8(ascii: "\t") ? "tab" : "';'")-separated file "
            + "with commas in its numbers" : "--decimal ','")
        + "); write it with a comma, or use --decimal . if every number has a point"
    } else if decimal == .point, case .number = StrictDecimal.readDecimalComma(text) {
      message += "which is not a number; for decimal commas, use --decimal ','"
    } else {
      message +=
        "which is not a number; to leave a text column out of the features, use "
        + "--ignore-columns \(Self.optionText(name))"
    }
    return cellError(row: row, field: field, message)
  }
}
