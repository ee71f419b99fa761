import Learning
import Reporting

/// The classification report as the page's table: classes, then accuracy and the averages.
func reportTable(_ report: ClassificationReport) -> ReportTable {
  var rows = report.classes.map {
    ReportRow(
      label: $0.name, precision: $0.precision, recall: $0.recall, f1Score: $0.f1,
      support: $0.support, kind: .perClass)
  }
  rows.append(
    ReportRow(
      label: "accuracy", precision: nil, recall: nil, f1Score: report.accuracy,
      support: report.macroAverage.support, kind: .summary))
  for average in [report.macroAverage, report.weightedAverage] {
    rows.append(
      ReportRow(
        label: average.name, precision: average.precision, recall: average.recall,
        f1Score: average.f1, support: average.support, kind: .summary))
  }
  return ReportTable(rows: rows)
}
