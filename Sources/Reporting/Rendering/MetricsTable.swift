/// A classification report as the templates read it: one row per line, numbers formatted with
/// the table's digits.
struct MetricsTable: Encodable {
  struct Row: Encodable {
    var label: String
    var precision: String
    var recall: String
    var f1Score: String
    var support: Int
    var isSummary: Bool
    var opensSummary: Bool
  }

  var rows: [Row]

  /// Refuses digits outside 0...15, which `%.*f` would not show sensibly.
  static func validate(_ table: ReportTable) throws(ReportingError) {
    guard (0...15).contains(table.digits) else {
      throw .invalidDocument(reason: "classification report digits \(table.digits) not in 0...15")
    }
  }

  /// `table` formatted; `validate(_:)` it first.
  init(_ table: ReportTable) {
    func cell(_ value: Double?) -> String {
      value.map { NumberFormatting.fixed($0, digits: table.digits) } ?? ""
    }
    let firstSummary = table.rows.firstIndex { $0.kind == .summary }
    rows = table.rows.enumerated().map { offset, row in
      Row(
        label: row.label, precision: cell(row.precision), recall: cell(row.recall),
        f1Score: cell(row.f1Score), support: row.support, isSummary: row.kind == .summary,
        opensSummary: offset == firstSummary)
    }
  }
}
