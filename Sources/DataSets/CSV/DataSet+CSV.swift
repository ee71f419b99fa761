/// How a CSV file becomes a labelled data set.
public struct CSVDataSetOptions: Sendable, Equatable {
  /// The column of class labels; `nil` means `target` if there is such a column, else the last.
  public var targetColumn: String?
  /// Size caps for the file.
  public var limits: CSVLimits

  public init(targetColumn: String? = nil, limits: CSVLimits = .default) {
    self.targetColumn = targetColumn
    self.limits = limits
  }
}

extension DataSet {
  /// Reads a labelled data set from the CSV file at `path`.
  ///
  /// Every column but the target is a feature and must hold a finite decimal
  /// number (see `StrictDecimal`) in every row. The target holds class labels,
  /// either all whole numbers `>= 0` or all names (text that is not a number);
  /// `-1` marks a row without a label in both cases. `source` is `path` exactly
  /// as given and `sha256` fingerprints the file's bytes.
  public static func loadCSV(
    path: String, options: CSVDataSetOptions = CSVDataSetOptions()
  ) throws(DataError) -> DataSet {
    let bytes = try FileBytes.contents(ofPath: path, limit: options.limits.maxFileBytes)
    return try fromCSV(bytes: bytes, fileName: path, options: options)
  }

  /// Reads a labelled data set from CSV bytes, as `loadCSV` does from a file named `fileName`.
  public static func fromCSV(
    bytes: [UInt8], fileName: String, options: CSVDataSetOptions = CSVDataSetOptions()
  ) throws(DataError) -> DataSet {
    let table = try CSVTable.parse(bytes, fileName: fileName, limits: options.limits)
    let reader = CSVDataSetReader(table: table, bytes: bytes, fileName: fileName)
    let target = try reader.targetIndex(named: options.targetColumn)
    let features = try reader.features(skipping: target)
    let labels = try reader.labels(in: target)
    var featureNames = table.header
    featureNames.remove(at: target)
    return DataSet(
      source: fileName, sha256: SHA256.hex(bytes), featureNames: featureNames,
      features: features, targets: labels.targets, classNames: labels.classNames)
  }

  /// Parses and loads arbitrary bytes with small caps and drops the outcome; for fuzzing.
  ///
  /// Any input must end in a data set or a `DataError`, never in a trap.
  public static func fuzzParse(_ bytes: [UInt8]) {
    let limits = CSVLimits(
      maxFileBytes: 1 << 20, maxRows: 2000, maxFieldsPerRow: 1000, maxFieldBytes: 64 << 10)
    do {
      let data = try fromCSV(bytes: bytes, fileName: "fuzz.csv", options: .init(limits: limits))
      _ = data.standardized()
      _ = data.duplicateRowCount()
    } catch {
      _ = error.description
    }
    _ = StrictDecimal.read(String(decoding: bytes.prefix(64), as: UTF8.self))
  }
}

/// Class labels read from a target column.
private struct ClassLabels {
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
private struct ScalarKey: Hashable, Comparable {
  let utf8: [UInt8]

  init(_ text: String) { utf8 = Array(text.utf8) }

  static func < (lhs: ScalarKey, rhs: ScalarKey) -> Bool {
    lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
  }
}

/// Turns a parsed table into features and labels, with errors that point at cells.
private struct CSVDataSetReader {
  let table: CSVTable
  let bytes: [UInt8]
  let fileName: String

  /// The largest magnitude below which every whole number is exact in a `Double`.
  private static let largestExactInteger = 9_007_199_254_740_992.0

  /// The column of class labels: the one named, else `target`, else the last.
  func targetIndex(named name: String?) throws(DataError) -> Int {
    let header = table.header
    let index: Int
    if let name {
      guard let found = header.firstIndex(where: { ScalarKey($0) == ScalarKey(name) }) else {
        var message = "no column named \(DataError.quoted(name)); the columns are: "
        message += columnList()
        let lowered = name.lowercased()
        if let similar = header.first(where: {
          $0.lowercased() == lowered
            || Self.trimmingSpaces($0) == Self.trimmingSpaces(name)
        }) {
          message += " (did you mean \(DataError.quoted(similar))?)"
        }
        throw DataError(
          kind: .invalidData, file: fileName, line: table.headerLine, message: message)
      }
      index = found
    } else {
      index = header.firstIndex(where: { ScalarKey($0) == ScalarKey("target") }) ?? header.count - 1
    }
    guard header.count > 1 else {
      throw DataError(
        kind: .invalidData, file: fileName, line: table.headerLine,
        message: "the only column is the target \(DataError.quoted(header[index])); "
          + "at least one feature column is needed")
    }
    return index
  }

  /// The header names, shortened and escaped, for a one-line message.
  private func columnList() -> String {
    let shown = 20
    var list = table.header.prefix(shown).map { name in
      DataError.escaped(
        name.count > DataError.quotedLengthLimit
          ? String(name.prefix(DataError.quotedLengthLimit)) + "…" : name)
    }.joined(separator: ", ")
    if table.header.count > shown { list += ", … (\(table.header.count) columns)" }
    return list
  }

  /// Every cell outside `target`, row-major, each a finite number.
  func features(skipping target: Int) throws(DataError) -> [Double] {
    var values: [Double] = []
    values.reserveCapacity(table.rows.count * (table.header.count - 1))
    for (row, fields) in table.rows.enumerated() {
      for (column, text) in fields.enumerated() where column != target {
        let reading = StrictDecimal.read(text)
        guard case .number(let value) = reading else {
          throw cellError(
            row: row, field: column,
            "column \(DataError.quoted(table.header[column])) holds \(DataError.quoted(text)), "
              + reading.rejection + (reading == .empty ? "; every feature needs a number" : ""))
        }
        values.append(value)
      }
    }
    return values
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

  private func cellError(row: Int, field: Int, _ message: String) -> DataError {
    let position = table.position(row: row, field: field, in: bytes)
    return DataError(
      kind: .invalidData, file: fileName, line: position.line, column: position.column,
      message: message)
  }
}
