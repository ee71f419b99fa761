import DataSets
import Foundation
import Learning
import Reporting

/// `--predict FILE`: the fitted model's labels for another file's samples, and their score.
struct NewPredictionsOutput {
  let samples: NewSamples
  let predictions: NewSamplePredictions
  let classNames: [String]

  /// Rows that have a known class in the file.
  private var scored: [Int] { samples.truth.indices.filter { samples.truth[$0] != -1 } }

  /// Rows whose prediction equals their class.
  var correct: Int { scored.filter { predictions.predicted[$0] == samples.truth[$0] }.count }

  /// Accuracy over the rows with a class; nil when the file has none.
  var accuracy: Double? { scored.isEmpty ? nil : Double(correct) / Double(scored.count) }

  /// Rows no label reached (no prediction).
  var unreached: Int { predictions.predicted.filter { $0 == nil }.count }

  /// `new_predictions.csv`: `row`, `true` (with a class column), `predicted`, `p_<class>`,
  /// `no_label_reached`; an unreached row has an empty `predicted` and zeros, never NaN.
  func csv() -> String {
    let hasTruth = samples.classColumn != nil
    var text = CSVText.line(
      ["row"] + (hasTruth ? ["true"] : []) + ["predicted"]
        + predictions.classes.map { "p_" + classNames[$0] } + ["no_label_reached"])
    for row in 0..<predictions.count {
      var fields = [String(row)]
      if hasTruth { fields.append(samples.truth[row] == -1 ? "" : classNames[samples.truth[row]]) }
      fields.append(predictions.predicted[row].map { classNames[$0] } ?? "")
      fields += predictions.distribution(row).map { JSONValue.number($0) }
      fields.append(predictions.predicted[row] == nil ? "1" : "0")
      text += CSVText.line(fields)
    }
    return text
  }

  /// One sentence for stdout and the page.
  var summary: String {
    var text =
      "\(predictions.count) new \(predictions.count == 1 ? "sample" : "samples") from "
      + "\(samples.source) labeled"
    if let accuracy {
      text +=
        "; accuracy \(String(format: "%.3f", accuracy)) (\(correct) of \(scored.count) "
        + "with a class in '\(samples.classColumn ?? "")')"
    }
    if samples.missingCells > 0 {
      let cells =
        samples.missingCells == 1 ? "1 missing value" : "\(samples.missingCells) missing values"
      text += "; \(cells) filled as the training rows' were"
    }
    if unreached > 0 {
      text += "; \(unreached) reached by no label (no_label_reached in new_predictions.csv)"
    }
    return text
  }

  /// `metrics.json`'s `new_predictions`.
  var json: JSONValue {
    .object([
      ("source", .string(samples.source)),
      ("sha256", .string(samples.sha256)),
      ("samples", .int(predictions.count)),
      ("class_column", samples.classColumn.map { .string($0) } ?? .null),
      ("scored", .int(scored.count)),
      ("correct", .int(correct)),
      ("accuracy", accuracy.map { .double($0) } ?? .null),
      ("no_label_reached", .int(unreached)),
      ("missing_values_filled", .int(samples.missingCells)),
    ])
  }
}
