/// Caps that keep a CSV file from exhausting memory or time.
public struct CSVLimits: Sendable, Equatable {
  /// Largest file, in bytes.
  public var maxFileBytes: Int
  /// Most data rows (the header not counted).
  public var maxRows: Int
  /// Most fields in one row, the header included.
  public var maxFieldsPerRow: Int
  /// Longest field, in bytes as written in the file (quotes included).
  public var maxFieldBytes: Int

  public init(
    maxFileBytes: Int = 512 << 20, maxRows: Int = 1_000_000, maxFieldsPerRow: Int = 100_000,
    maxFieldBytes: Int = 1 << 20
  ) {
    self.maxFileBytes = maxFileBytes
    self.maxRows = maxRows
    self.maxFieldsPerRow = maxFieldsPerRow
    self.maxFieldBytes = maxFieldBytes
  }

  /// 512 MiB, 1,000,000 rows, 100,000 fields per row, 1 MiB per field.
  public static let `default` = CSVLimits()
}
