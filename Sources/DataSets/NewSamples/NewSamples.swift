/// Samples to label with a fitted model: another CSV file with the training data's features.
///
/// Columns are matched by name: every feature of the training data must be a
/// column (in any order); of the other columns, the one named `classColumn`, or
/// else the only one left, holds classes, which are used to score the
/// predictions (`-1` or an empty field: unknown); ids and notes beside it are
/// kept out. The file is read as the training data is (same delimiter), and is
/// never written. When the training data was read with `--missing mean|median`, a
/// missing feature value (`MissingValue`) is read as NaN, to be filled from the
/// training rows (`filling(with:)`), as a fitted `SimpleImputer` transforms new rows;
/// otherwise it is an error naming its place.
public struct NewSamples: Sendable, Equatable {
  /// The file name as the user gave it.
  public let source: String
  /// Hex SHA-256 of the file's bytes.
  public let sha256: String
  /// `count x training features`, row-major, in the training data's feature order.
  public let features: [Double]
  /// The class column's name, when the file has one.
  public let classColumn: String?
  /// Class code per row into the training data's class names, `-1` where unknown;
  /// empty when the file has no class column.
  public let truth: [Int]
  /// Number of rows.
  public let count: Int
  /// Feature cells that held a missing value (NaN in `features` until filled).
  public let missingCells: Int

  /// Reads the file at `path` for a model fitted on `training`.
  public static func load(
    path: String, training: DataSet, classColumn: String? = nil,
    limits: CSVLimits = .default
  ) throws(DataError) -> NewSamples {
    let bytes = try FileBytes.contents(ofPath: path, limit: limits.maxFileBytes)
    return try parse(
      bytes: bytes, fileName: path, training: training, classColumn: classColumn, limits: limits)
  }

  /// Reads new samples from CSV bytes, as `load` does from a file named `fileName`.
  public static func parse(
    bytes: [UInt8], fileName: String, training: DataSet, classColumn: String? = nil,
    limits: CSVLimits = .default
  ) throws(DataError) -> NewSamples {
    let table = try CSVTable.parse(
      bytes, fileName: fileName, limits: limits, delimiter: training.reading?.delimiter ?? .comma)
    let header = table.header
    var featureColumns: [Int] = []
    for name in training.featureNames {
      guard let column = header.firstIndex(where: { $0.utf8.elementsEqual(name.utf8) }) else {
        throw DataError(
          kind: .invalidData, file: fileName, line: table.headerLine,
          message: "no column \(DataError.quoted(name)), a feature of "
            + "\(DataError.quoted(training.source)); new samples need every feature column")
      }
      featureColumns.append(column)
    }
    // The training file's index and ignored columns are not features here either.
    let carried = Set(
      (training.reading?.ignoredColumns ?? []) + (training.reading?.indexColumn.map { [$0] } ?? []))
    let others = header.indices.filter {
      !featureColumns.contains($0) && !carried.contains(header[$0])
    }
    var classIndex: Int?
    if let classColumn {
      classIndex = others.first { header[$0].utf8.elementsEqual(classColumn.utf8) }
    } else if others.count == 1 {
      classIndex = others[0]
    } else if others.count > 1 {
      throw DataError(
        kind: .invalidData, file: fileName, line: table.headerLine,
        message: "besides the features, the columns "
          + others.prefix(6).map { DataError.quoted(header[$0]) }.joined(separator: ", ")
          + " are not features; name the class column with --target-column")
    }

    var features: [Double] = []
    features.reserveCapacity(table.rows.count * featureColumns.count)
    var truth: [Int] = []
    let integerClasses = training.classNames.allSatisfy { Int($0) != nil }
    let codes = Dictionary(
      uniqueKeysWithValues: training.classNames.enumerated().map { (Array($1.utf8), $0) })
    let decimalComma = training.reading?.decimalSeparator == .comma
    let strategy = training.reading?.missing?.strategy
    let fillsGaps = strategy == .mean || strategy == .median
    var missingCells = 0
    for (row, fields) in table.rows.enumerated() {
      for column in featureColumns {
        let text = fields[column]
        if MissingValue.isMissing(text) {
          guard fillsGaps else {
            let place = table.position(row: row, field: column, in: bytes)
            throw DataError(
              kind: .invalidData, file: fileName, line: place.line, column: place.column,
              message: "column \(DataError.quoted(header[column])) has a missing value; new "
                + "samples are filled from the training rows only when the data is read with "
                + "--missing mean or --missing median")
          }
          features.append(.nan)
          missingCells += 1
          continue
        }
        let reading =
          decimalComma ? StrictDecimal.readDecimalComma(text) : StrictDecimal.read(text)
        guard case .number(let value) = reading else {
          let place = table.position(row: row, field: column, in: bytes)
          throw DataError(
            kind: .invalidData, file: fileName, line: place.line, column: place.column,
            message: "column \(DataError.quoted(header[column])) holds \(DataError.quoted(text)), "
              + "which is not a number")
        }
        features.append(value)
      }
      guard let classIndex else { continue }
      let text = fields[classIndex].trimmingSpaces
      var name = text
      if integerClasses, let value = StrictDecimal.parse(text), value.rounded(.towardZero) == value,
        abs(value) < 9_007_199_254_740_992
      {
        name = String(Int(value))
      }
      if text.isEmpty || name == "-1" {
        truth.append(-1)
      } else if let code = codes[Array(name.utf8)] {
        truth.append(code)
      } else {
        let place = table.position(row: row, field: classIndex, in: bytes)
        throw DataError(
          kind: .invalidData, file: fileName, line: place.line, column: place.column,
          message: "class \(DataError.quoted(text)) is not one of the classes of "
            + "\(DataError.quoted(training.source)) ("
            + training.classNames.prefix(12).map(DataError.quoted).joined(separator: ", ")
            + "); write -1 or leave it empty where the class is unknown")
      }
    }
    return NewSamples(
      source: fileName, sha256: SHA256.hex(bytes), features: features,
      classColumn: classIndex.map { header[$0] }, truth: truth, count: table.rows.count,
      missingCells: missingCells)
  }

  /// The samples with each missing value filled with its feature's entry of `fill` (the
  /// training rows' `imputationStatistics`).
  public func filling(with fill: [Double]) -> NewSamples {
    guard missingCells > 0, !fill.isEmpty else { return self }
    var filled = features
    for index in filled.indices where filled[index].isNaN {
      filled[index] = fill[index % fill.count]
    }
    return NewSamples(
      source: source, sha256: sha256, features: filled, classColumn: classColumn, truth: truth,
      count: count, missingCells: missingCells)
  }
}

extension String {
  /// The text without leading and trailing spaces and tabs.
  fileprivate var trimmingSpaces: String {
    let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    guard let first = firstIndex(where: { !isBlank($0) }) else { return "" }
    let last = lastIndex(where: { !isBlank($0) }) ?? first
    return String(self[first...last])
  }
}
