/// Which column of a CSV file holds the row index (ids), if any.
public enum IndexColumnChoice: Sendable, Equatable {
  /// The first column when its header field is empty, as `DataFrame.to_csv()` writes
  /// a frame's index (read back by `pandas.read_csv(index_col=0)`); else none.
  case automatic
  /// No index column: every column but the class is a feature.
  case none
  /// The column with this name.
  case named(String)
}

/// How a CSV file was read: each choice that decides which cells are features and what
/// numbers they hold, so that a report can say what was done to the file.
public struct CSVReading: Sendable, Equatable {
  /// The character between fields, and whether it was detected rather than asked for.
  public var delimiter: CSVDelimiter
  public var delimiterDetected: Bool
  /// The decimal separator of the features, and whether it was detected.
  public var decimalSeparator: DecimalSeparator
  public var decimalDetected: Bool
  /// The header name of the index column (empty for pandas' unnamed index), if there is one.
  public var indexColumn: String?
  /// Whether the index column was found by its empty header rather than named.
  public var indexDetected: Bool
  /// The columns left out of the features with `--ignore-columns`, in file order.
  public var ignoredColumns: [String]
  /// The missing feature values and what was done with them; `nil` when there were none.
  public var missing: MissingValueSummary?

  public init(
    delimiter: CSVDelimiter = .comma, delimiterDetected: Bool = true,
    decimalSeparator: DecimalSeparator = .point, decimalDetected: Bool = true,
    indexColumn: String? = nil, indexDetected: Bool = false, ignoredColumns: [String] = [],
    missing: MissingValueSummary? = nil
  ) {
    self.delimiter = delimiter
    self.delimiterDetected = delimiterDetected
    self.decimalSeparator = decimalSeparator
    self.decimalDetected = decimalDetected
    self.indexColumn = indexColumn
    self.indexDetected = indexDetected
    self.ignoredColumns = ignoredColumns
    self.missing = missing
  }
}

/// Text columns of a CSV file that are not features but travel with the rows, to be
/// written beside the predictions: the index column (as `id`) and the ignored columns.
public struct CarriedColumns: Sendable, Equatable {
  /// One name per column: `id` for the index column, else the header's name.
  public var names: [String]
  /// `values[column][row]`, the text of each cell as read.
  public var values: [[String]]
  /// The 0-based data row of the file each row comes from; `nil` when row `i` is file
  /// row `i` (nothing was dropped).
  public var fileRows: [Int]?

  public init(names: [String], values: [[String]], fileRows: [Int]?) {
    self.names = names
    self.values = values
    self.fileRows = fileRows
  }

  /// The rows at `indices`, in that order.
  public func subset(_ indices: [Int]) -> CarriedColumns {
    CarriedColumns(
      names: names, values: values.map { column in indices.map { column[$0] } },
      fileRows: indices.map { fileRows?[$0] ?? $0 })
  }

  /// The 0-based data row of the file that row `row` comes from.
  public func fileRow(_ row: Int) -> Int { fileRows?[row] ?? row }
}

extension DataSet {
  /// The 0-based data row of the CSV file that row `row` of the data set comes from.
  ///
  /// That is `row` itself unless rows were dropped (`--missing drop`). For a subset,
  /// this holds only when the file had carried columns or dropped rows; else a
  /// subset's rows are not traced back, and `row` is returned as it is.
  public func fileRow(_ row: Int) -> Int { carried?.fileRow(row) ?? row }

  /// The row of this data set, as loaded, that comes from data row `fileRow` of the CSV
  /// file; `nil` when the file has no such row or it was dropped for a missing value.
  ///
  /// Rows of a loaded data set keep the file's order, so the search is binary.
  public func row(fromFileRow fileRow: Int) -> Int? {
    guard let rows = carried?.fileRows else {
      return (0..<sampleCount).contains(fileRow) ? fileRow : nil
    }
    var low = 0
    var high = rows.count
    while low < high {
      let middle = (low + high) / 2
      if rows[middle] < fileRow { low = middle + 1 } else { high = middle }
    }
    return low < rows.count && rows[low] == fileRow ? low : nil
  }
}
