import Learning
import Reporting

/// `queries.csv`: samples for a person to label, with the model's guess and an empty `label`.
///
/// `report query` and a round of `report active-learning` that waits for answers write the
/// same columns: `query` (1 first), `index` (position among the fitted samples),
/// `source_index` (the CSV file's 0-based data row), `predicted` (empty when no label
/// reached the sample), `entropy`, `margin` when asked for, `p_<class>` per class of the
/// model, and `label`. Cells a spreadsheet would run as formulas are neutralised (`CSVText`).
enum QueriesCSV {
  struct Row {
    /// Position among the fitted samples.
    let sample: Int
    /// The CSV file's data row.
    let fileRow: Int
    let entropy: Double
    /// The margin column's value, when the table has one.
    let margin: Double?
  }

  static func text(
    model: FittedGraphModel, classNames: [String], rows: [Row], withMargin: Bool = false
  ) -> String {
    var header = ["query", "index", "source_index", "predicted", "entropy"]
    if withMargin { header.append("margin") }
    header += model.classes.map { "p_" + classNames[$0] } + ["label"]
    var text = CSVText.line(header)
    for (rank, row) in rows.enumerated() {
      var fields = [
        String(rank + 1), String(row.sample), String(row.fileRow),
        predicted(row.sample, model: model, classNames: classNames),
        JSONValue.number(row.entropy),
      ]
      if withMargin { fields.append(row.margin.map { JSONValue.number($0) } ?? "") }
      fields += model.distribution(row.sample).map { JSONValue.number($0) }
      fields.append("")
      text += CSVText.line(fields)
    }
    return text
  }

  /// The model's guess for `sample`, or empty when no label reached it.
  static func predicted(_ sample: Int, model: FittedGraphModel, classNames: [String]) -> String {
    model.hasEmptyDistribution(sample) ? "" : classNames[model.transduction[sample]]
  }
}
