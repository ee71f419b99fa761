/// A classification report as the templates read it: `rows`, one per line, numbers formatted with
/// the table's digits.
extension ReportTable: TemplateValue {
  /// Refuses digits outside 0...15, which `%.*f` would not show sensibly.
  func validate() throws(ReportingError) {
    guard (0...15).contains(digits) else {
      throw .invalidDocument(reason: "classification report digits \(digits) not in 0...15")
    }
  }

  /// The table formatted; `validate()` it first.
  var templateForm: Any {
    func cell(_ value: Double?) -> String {
      value.map { NumberFormatting.fixed($0, digits: digits) } ?? ""
    }
    let firstSummary = rows.firstIndex { $0.kind == .summary }
    let lines = rows.enumerated().map { offset, row in
      [
        "label": row.label, "precision": cell(row.precision), "recall": cell(row.recall),
        "f1Score": cell(row.f1Score), "support": row.support, "isSummary": row.kind == .summary,
        "opensSummary": offset == firstSummary,
      ] as TemplateView
    }
    return ["rows": lines] as TemplateView
  }
}
