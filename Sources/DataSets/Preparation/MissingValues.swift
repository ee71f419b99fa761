/// What to do with the rows of a CSV file that miss a feature value.
public enum MissingValueStrategy: String, Sendable, CaseIterable, Equatable {
  /// Leave out every row that misses a feature value.
  case drop
  /// Fill each feature's gaps with the mean of its known values in the rows a run uses,
  /// as scikit-learn's `SimpleImputer(strategy="mean")` fitted on those rows.
  case mean
  /// Fill each feature's gaps with the median of its known values in the rows a run uses,
  /// as `SimpleImputer(strategy="median")`.
  case median
}

/// The spellings of a missing value in a CSV cell.
public enum MissingValue {
  /// Every text that marks a missing value, besides an empty (or blank) field.
  ///
  /// These are what pandas' `to_csv` and R's `write.csv` write for one, and what
  /// `pandas.read_csv` reads as one (a subset of its list). They are compared exactly,
  /// after trimming spaces and tabs.
  public static let spellings = ["NA", "NaN", "nan", "null", "NULL"]

  /// Whether `text` spells a missing value: blank, or one of `spellings`.
  public static func isMissing<Text: StringProtocol>(_ text: Text) -> Bool {
    let bytes = Array(text.utf8)
    let isBlank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    guard let first = bytes.firstIndex(where: { !isBlank($0) }),
      let last = bytes.lastIndex(where: { !isBlank($0) })
    else { return true }
    guard last - first < 4 else { return false }
    let trimmed = bytes[first...last]
    return spellings.contains { $0.utf8.elementsEqual(trimmed) }
  }
}

/// How the missing feature values of a CSV file were handled.
public struct MissingValueSummary: Sendable, Equatable {
  /// The strategy chosen with `--missing`.
  public var strategy: MissingValueStrategy
  /// Feature cells of the file that held a missing value.
  public var cellsInFile: Int
  /// Data rows of the file with at least one missing feature value.
  public var rowsInFile: Int
  /// Data rows of the file, before any was dropped.
  public var rowsBeforeDropping: Int
  /// For `drop`: the 0-based data rows of the file that were left out.
  public var droppedRows: [Int]
  /// For `mean` and `median`, once the rows of a run are chosen: the value each feature's
  /// gaps were filled with (`SimpleImputer.statistics_`); empty before.
  public var fillValues: [Double]
  /// For `mean` and `median`, once the rows are chosen: the cells and rows filled.
  public var filledCells: Int
  public var filledRows: Int
  /// Features without a known value in the chosen rows, filled with 0 as scikit-learn's
  /// `SimpleImputer(keep_empty_features=True)` does.
  public var emptyFeatures: [Int]

  public init(
    strategy: MissingValueStrategy, cellsInFile: Int, rowsInFile: Int, rowsBeforeDropping: Int,
    droppedRows: [Int] = []
  ) {
    self.strategy = strategy
    self.cellsInFile = cellsInFile
    self.rowsInFile = rowsInFile
    self.rowsBeforeDropping = rowsBeforeDropping
    self.droppedRows = droppedRows
    self.fillValues = []
    self.filledCells = 0
    self.filledRows = 0
    self.emptyFeatures = []
  }
}

extension DataSet {
  /// The value each feature's gaps are filled with by `strategy` (`SimpleImputer`'s
  /// `statistics_` fitted on these rows), and the features without a known value here,
  /// which are filled with 0 (`keep_empty_features=True`).
  ///
  /// The mean sums the known values row by row, as NumPy reduces a masked array over
  /// axis 0, and divides by their count; the median of an even count is the mean of
  /// the two middle values. `drop` fills nothing and gives the medians.
  public func imputationStatistics(_ strategy: MissingValueStrategy) -> (
    fill: [Double], emptyFeatures: [Int]
  ) {
    let rows = sampleCount
    let columns = featureCount
    var fill = [Double](repeating: 0, count: columns)
    var empty: [Int] = []
    var known: [Double] = []
    known.reserveCapacity(rows)
    for column in 0..<columns {
      known.removeAll(keepingCapacity: true)
      for row in 0..<rows {
        let value = features[row * columns + column]
        if !value.isNaN { known.append(value) }
      }
      guard !known.isEmpty else {
        empty.append(column)
        continue
      }
      switch strategy {
      case .mean:
        var sum = 0.0
        for value in known { sum += value }
        fill[column] = sum / Double(known.count)
      case .median, .drop:
        known.sort()
        let middle = known.count / 2
        fill[column] =
          known.count % 2 == 1 ? known[middle] : (known[middle - 1] + known[middle]) / 2
      }
    }
    return (fill, empty)
  }

  /// The data set with each missing feature value (a NaN) filled from these rows.
  ///
  /// The fill value is the mean or the median of that feature's known values in these
  /// rows, as scikit-learn's `SimpleImputer(strategy:).fit_transform` computes it; the
  /// values are recorded in `reading.missing`. The data set is unchanged unless the file
  /// was read with `--missing mean|median`. A feature with no known value here becomes 0.
  public func fillingMissingValues() -> DataSet {
    guard var summary = reading?.missing, summary.strategy != .drop, summary.cellsInFile > 0
    else { return self }
    let rows = sampleCount
    let columns = featureCount
    let (fill, empty) = imputationStatistics(summary.strategy)
    var copy = self
    var filledRows = 0
    var filledCells = 0
    for row in 0..<rows {
      var filledHere = false
      for column in 0..<columns where copy.features[row * columns + column].isNaN {
        copy.features[row * columns + column] = fill[column]
        filledCells += 1
        filledHere = true
      }
      if filledHere { filledRows += 1 }
    }
    summary.fillValues = fill
    summary.filledCells = filledCells
    summary.filledRows = filledRows
    summary.emptyFeatures = empty
    copy.reading?.missing = summary
    return copy
  }
}
