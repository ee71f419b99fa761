/// How a CSV file becomes a labelled data set.
public struct CSVDataSetOptions: Sendable, Equatable {
  /// The column of class labels; `nil` means `target` if there is such a column, else the
  /// last column that is neither the index nor ignored.
  public var targetColumn: String?
  /// Size caps for the file.
  public var limits: CSVLimits
  /// The character between fields; `nil` detects it (`CSVDelimiter.detect`).
  public var delimiter: CSVDelimiter?
  /// The decimal separator of the features; `nil` detects it: a comma when the file is
  /// `;`- or tab-separated and a feature field holds a comma, else a point.
  public var decimalSeparator: DecimalSeparator?
  /// The column of row ids, kept out of the features and carried with the rows.
  public var indexColumn: IndexColumnChoice
  /// Columns kept out of the features and carried with the rows (ids, dates, text).
  public var ignoredColumns: [String]
  /// What to do with missing feature values; `nil` refuses a file that has any.
  public var missing: MissingValueStrategy?

  public init(
    targetColumn: String? = nil, limits: CSVLimits = .default, delimiter: CSVDelimiter? = nil,
    decimalSeparator: DecimalSeparator? = nil, indexColumn: IndexColumnChoice = .automatic,
    ignoredColumns: [String] = [], missing: MissingValueStrategy? = nil
  ) {
    self.targetColumn = targetColumn
    self.limits = limits
    self.delimiter = delimiter
    self.decimalSeparator = decimalSeparator
    self.indexColumn = indexColumn
    self.ignoredColumns = ignoredColumns
    self.missing = missing
  }
}

extension DataSet {
  /// Reads a labelled data set from the CSV file at `path`.
  ///
  /// Every column but the target, the index column and the ignored columns is a
  /// feature and must hold a finite decimal number (see `StrictDecimal`) or, with
  /// `options.missing`, a missing value (`MissingValue`) in every row. The target
  /// holds class labels, either all whole numbers `>= 0` or all names (text that is
  /// not a number); `-1` marks a row without a label in both cases. `source` is
  /// `path` exactly as given and `sha256` fingerprints the file's bytes.
  ///
  /// `progress`, when given, receives (bytes read, bytes in the file) from the reading
  /// threads as the fast path reads the cells, every few megabytes.
  public static func loadCSV(
    path: String, options: CSVDataSetOptions = CSVDataSetOptions(),
    progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
  ) throws(DataError) -> DataSet {
    // Plain numeric files take a fast path, which gives up (nil) on anything else.
    if let data = NumericCSVFastPath.load(
      path: path, options: options, progress: progress.map(CSVReadProgress.init))
    {
      return data
    }
    let bytes = try FileBytes.contents(ofPath: path, limit: options.limits.maxFileBytes)
    return try fromCSV(bytes: bytes, fileName: path, options: options)
  }

  /// Reads a labelled data set from CSV bytes, as `loadCSV` does from a file named `fileName`.
  public static func fromCSV(
    bytes: [UInt8], fileName: String, options: CSVDataSetOptions = CSVDataSetOptions()
  ) throws(DataError) -> DataSet {
    let delimiter = options.delimiter ?? CSVDelimiter.detect(in: bytes)
    let table = try CSVTable.parse(
      bytes, fileName: fileName, limits: options.limits, delimiter: delimiter)
    let reader = CSVDataSetReader(table: table, bytes: bytes, fileName: fileName)
    let columns = try reader.columns(options, delimiter: delimiter)
    let decimal =
      options.decimalSeparator ?? reader.detectedDecimal(in: columns.features, delimiter: delimiter)
    var reading = CSVReading(
      delimiter: delimiter, delimiterDetected: options.delimiter == nil,
      decimalSeparator: decimal, decimalDetected: options.decimalSeparator == nil,
      indexColumn: columns.index.map { table.header[$0] }, indexDetected: columns.indexDetected,
      ignoredColumns: columns.ignored.map { table.header[$0] })
    let features = try reader.features(
      in: columns.features, decimal: decimal, decimalDetected: options.decimalSeparator == nil)
    var labels = try reader.labels(in: columns.target)
    var values = features.values
    var fileRows: [Int]?
    if let missing = try reader.handle(features, strategy: options.missing, columns: columns) {
      reading.missing = missing
      if missing.strategy == .drop {
        let kept = features.keptRows(rowCount: table.rows.count)
        values = features.keptValues(kept, featureCount: columns.features.count)
        labels = try CSVDataSetReader(
          table: table.keepingRows(kept), bytes: bytes, fileName: fileName
        ).labels(in: columns.target)
        fileRows = kept
      }
    }
    var data = DataSet(
      source: fileName, sha256: SHA256.hex(bytes),
      featureNames: columns.features.map { table.header[$0] }, features: values,
      targets: labels.targets, classNames: labels.classNames)
    data.reading = reading
    data.carried = reader.carriedColumns(columns, fileRows: fileRows)
    return data
  }

  /// Parses and loads arbitrary bytes with small caps and drops the outcome; for fuzzing.
  ///
  /// Any input must end in a data set or a `DataError`, never in a trap.
  public static func fuzzParse(_ bytes: [UInt8]) {
    let limits = CSVLimits(
      maxFileBytes: 1 << 20, maxRows: 2000, maxFieldsPerRow: 1000, maxFieldBytes: 64 << 10)
    // The length picks the reading options, so that every way of reading is fuzzed.
    var options = CSVDataSetOptions(limits: limits)
    switch bytes.count % 4 {
    case 1: options.missing = .mean
    case 2: (options.missing, options.indexColumn) = (.drop, .none)
    case 3: (options.missing, options.decimalSeparator) = (.median, .comma)
    default: break
    }
    do {
      let data = try fromCSV(bytes: bytes, fileName: "fuzz.csv", options: options)
      let filled = data.subset(Array(0..<(data.sampleCount + 1) / 2)).fillingMissingValues()
      _ = filled.standardized()
      _ = filled.duplicateRowCount()
    } catch {
      _ = error.description
    }
    _ = StrictDecimal.read(String(decoding: bytes.prefix(64), as: UTF8.self))
    _ = StrictDecimal.readDecimalComma(String(decoding: bytes.prefix(64), as: UTF8.self))
  }
}

/// Class labels read from a target column.
struct ClassLabels {
  /// Index into `classNames` per row, or -1.
  var targets: [Int]
  /// The distinct labels, sorted like `np.unique`.
  var classNames: [String]
}

/// A string compared and hashed by its exact Unicode scalars, as NumPy compares strings.
///
/// Swift's `String` equality identifies canonically equivalent strings (a
/// precomposed `é` and `e` followed by a combining accent); NumPy and pandas
/// keep them apart, and so must the class list. UTF-8 byte order is scalar order.
struct ScalarKey: Hashable, Comparable {
  let utf8: [UInt8]

  init(_ text: String) { utf8 = Array(text.utf8) }

  static func < (lhs: ScalarKey, rhs: ScalarKey) -> Bool {
    lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
  }
}

/// Turns a parsed table into features and labels, with errors that point at cells.
struct CSVDataSetReader {
  let table: CSVTable
  let bytes: [UInt8]
  let fileName: String

  /// The largest magnitude below which every whole number is exact in a `Double`.
  private static let largestExactInteger = 9_007_199_254_740_992.0

  /// The column of class labels among `candidates` (the columns that are neither the
  /// index nor ignored): the one named, else `target`, else the last candidate.
  func targetIndex(named name: String?, candidates: [Int]) throws(DataError) -> Int {
    let header = table.header
    guard let name else {
      // A column named `target` is the class even when excluded, which is then an error.
      return header.firstIndex { ScalarKey($0) == ScalarKey("target") }
        ?? candidates.last ?? header.count - 1
    }
    return try columnIndex(named: name, option: "--target-column")
  }

  /// The column called `name`, or an error that lists the columns and names `option`.
  func columnIndex(named name: String, option: String) throws(DataError) -> Int {
    let header = table.header
    if let found = header.firstIndex(where: { ScalarKey($0) == ScalarKey(name) }) {
      return found
    }
    var message = "no column named \(DataError.quoted(name)) (\(option)); the columns are: "
    message += columnList()
    let lowered = name.lowercased()
    if let similar = header.first(where: {
      $0.lowercased() == lowered || Self.trimmingSpaces($0) == Self.trimmingSpaces(name)
    }) {
      message += " (did you mean \(DataError.quoted(similar))?)"
    }
    throw DataError(kind: .invalidData, file: fileName, line: table.headerLine, message: message)
  }

  /// The header names, shortened and escaped, for a one-line message.
  func columnList() -> String {
    let shown = 20
    var list = table.header.prefix(shown).map { name in
      DataError.escaped(
        name.count > DataError.quotedLengthLimit
          ? String(name.prefix(DataError.quotedLengthLimit)) + "…" : name)
    }.joined(separator: ", ")
    if table.header.count > shown { list += ", … (\(table.header.count) columns)" }
    return list
  }

  /// One class index per row, from the labels in column `target`.
  func labels(in target: Int) throws(DataError) -> ClassLabels {
    let column = DataError.quoted(table.header[target])
    // The first labelled row of each kind, for the message about mixing them.
    var firstInteger: (row: Int, text: String)?
    var firstName: (row: Int, text: String)?
    var integers: [Int?] = []
    var names: [ScalarKey?] = []
    integers.reserveCapacity(table.rows.count)
    for (row, fields) in table.rows.enumerated() {
      let text = fields[target]
      let reading = StrictDecimal.read(text)
      switch reading {
      case .empty:
        throw cellError(
          row: row, field: target,
          "column \(column) holds \(DataError.quoted(text)), which is not a class label; "
            + "write -1 for a row without a label")
      case .malformed where MissingValue.isMissing(text):
        throw cellError(
          row: row, field: target,
          "column \(column) holds \(DataError.quoted(text)), a missing value, not a class "
            + "label; write -1 for a row without a label")
      case .overflow, .underflow:
        throw cellError(
          row: row, field: target,
          "column \(column) holds \(DataError.quoted(text)), \(reading.rejection)")
      case .number(let value) where value == -1:
        integers.append(nil)
        names.append(nil)
        continue
      case .number(let value):
        guard value.rounded(.towardZero) == value else {
          throw cellError(
            row: row, field: target,
            "column \(column) holds \(DataError.quoted(text)), which is not a whole number; "
              + "class labels are whole numbers >= 0 or names, and -1 marks an unlabeled row")
        }
        guard value >= 0 else {
          throw cellError(
            row: row, field: target,
            "column \(column) holds \(DataError.quoted(text)), a negative number; "
              + "class labels are >= 0, and only -1 (an unlabeled row) may be negative")
        }
        guard value < Self.largestExactInteger else {
          throw cellError(
            row: row, field: target,
            "column \(column) holds \(DataError.quoted(text)), which is too large for a class label"
          )
        }
        if firstInteger == nil { firstInteger = (row, text) }
        integers.append(Int(value))
        names.append(nil)
      case .malformed:
        if firstName == nil { firstName = (row, text) }
        integers.append(nil)
        names.append(ScalarKey(text))
      }
      if let firstInteger, let firstName {
        throw cellError(
          row: row, field: target,
          "column \(column) mixes whole-number labels (\(DataError.quoted(firstInteger.text)) "
            + "on line \(table.rowLines[firstInteger.row])) and names "
            + "(\(DataError.quoted(firstName.text)) on line \(table.rowLines[firstName.row])); "
            + "use one kind of label, and -1 for a row without a label")
      }
    }

    if firstInteger != nil {
      let classes = Set(integers.compactMap { $0 }).sorted()
      let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
      return ClassLabels(
        targets: integers.map { $0.flatMap { index[$0] } ?? -1 },
        classNames: classes.map { String($0) })
    }
    if firstName != nil {
      let classes = Set(names.compactMap { $0 }).sorted()
      let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
      return ClassLabels(
        targets: names.map { $0.flatMap { index[$0] } ?? -1 },
        classNames: classes.map { String(decoding: $0.utf8, as: UTF8.self) })
    }
    throw DataError(
      kind: .invalidData, file: fileName,
      message: "no labeled rows: every value of column \(column) is -1 (unlabeled); "
        + "at least one row needs a class label")
  }

  /// `text` without leading and trailing spaces and tabs.
  private static func trimmingSpaces(_ text: String) -> Substring {
    let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    guard let first = text.firstIndex(where: { !isBlank($0) }) else {
      return text[text.endIndex...]
    }
    let last = text.lastIndex(where: { !isBlank($0) }) ?? first
    return text[first...last]
  }

  func cellError(row: Int, field: Int, _ message: String) -> DataError {
    let position = table.position(row: row, field: field, in: bytes)
    return DataError(
      kind: .invalidData, file: fileName, line: position.line, column: position.column,
      message: message)
  }
}
