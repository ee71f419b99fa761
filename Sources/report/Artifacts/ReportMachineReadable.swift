import Foundation
import Learning
import Reporting

/// `metrics.json` and `predictions.csv`: every number of the report, machine-readable.
struct MachineReadable {
  let result: ExperimentResult
  let toolVersion: String
  /// Members written before `warnings`: what this run added (answers, new predictions).
  var extraMembers: [(String, JSONValue)] = []

  private var classNames: [String] { result.data.classNames }

  /// Above this many samples `transduction` is left out of metrics.json (null).
  static let transductionLimit = 100_000

  /// A class label as JSON: a number when every class name is an integer, else a string.
  private func label(_ code: Int) -> JSONValue {
    let name = classNames[code]
    if integerLabels, let number = Int(name) { return .int(number) }
    return .string(name)
  }

  private var integerLabels: Bool { classNames.allSatisfy { Int($0) != nil } }

  private func probabilities(_ sample: Int) -> JSONValue {
    .array(result.model.distribution(sample).map { .double($0) })
  }

  func metrics(timings: [(String, Double)], warnings: [String]) -> JSONValue {
    let experiment = result.experiment
    let model = experiment.model
    let gamma: JSONValue = model.kernel.gamma.map { .double($0) } ?? .null
    let neighbors: JSONValue = model.kernel.neighbors.map { .int($0) } ?? .null
    let total = result.data.sampleCount
    var members: [(String, JSONValue)] = [
      (
        "data",
        .object(
          [
            ("source", .string(result.data.source)),
            ("sha256", .string(result.data.sha256)),
            ("samples", .int(total)),
            ("labeled", .int(result.labeledCount)),
            ("unlabeled", .int(total - result.labeledCount)),
            ("evaluated", .int(result.evaluatedIndices.count)),
            ("seed", .int(Int(experiment.seed))),
            ("standardized", .bool(experiment.standardize)),
            ("features", .int(result.data.featureCount)),
          ] + DataReadingText(data: result.data).jsonMembers)
      ),
      (
        "model",
        .object([
          ("name", .string(model.variant.rawValue)),
          ("kernel", .string(model.kernel.name)),
          ("gamma", gamma),
          ("alpha", model.variant == .spreading ? .double(model.alpha) : .null),
          ("neighbors", neighbors),
          ("max_iter", .int(model.maxIterations)),
          ("tol", .double(model.tolerance)),
          ("iterations", .int(result.model.iterations)),
          ("converged", .bool(result.model.converged)),
          ("residuals", .array(result.model.iterationChanges.map { .double($0) })),
        ])
      ),
      ("classes", .array(result.model.classes.map(label))),
    ]
    if let report = result.report {
      var reportMembers: [(String, JSONValue)] = report.classes.map {
        ($0.name, scoresJSON($0))
      }
      reportMembers.append(("accuracy", .double(report.accuracy)))
      reportMembers.append(("macro avg", scoresJSON(report.macroAverage)))
      reportMembers.append(("weighted avg", scoresJSON(report.weightedAverage)))
      members.append(("report", .object(reportMembers)))
      members.append(("report_text", .string(report.text())))
    } else {
      members.append(("report", .null))
      members.append(("report_text", .null))
    }
    members.append(
      (
        "confusion_matrix",
        result.confusionMatrix.map { matrix in
          .array(matrix.counts.map { .array($0.map { .int($0) }) })
        } ?? .null
      ))
    members.append(
      (
        "uncertain",
        .array(
          result.uncertain.map { index in
            .object([
              ("index", .int(index)),
              ("source_index", .int(DataReadingText.fileRow(result, index))),
              ("predicted", label(result.transduction[index])),
              (
                "true", result.data.targets[index] == -1 ? .null : label(result.data.targets[index])
              ),
              ("entropy", .double(result.entropies[index])),
              ("no_label_reached", .bool(result.model.hasEmptyDistribution(index))),
              ("probabilities", probabilities(index)),
            ])
          })
      ))
    // Per-sample labels belong in predictions.csv; metrics.json repeats them only while it
    // stays small (4 bytes a sample at most), so that its size is bounded at any n.
    if total <= Self.transductionLimit {
      members.append(("transduction", .array(result.transduction.map(label))))
    } else {
      members.append(("transduction", .null))
      members.append(
        (
          "transduction_omitted",
          .string(
            "more than \(Self.transductionLimit) samples: see the predicted column of "
              + "predictions.csv")
        ))
    }
    members += extraMembers
    members.append(("warnings", .array(warnings.map { .string($0) })))
    members.append(
      ("timings_ms", .object(timings.map { ($0.0, .double(($0.1 * 1000).rounded() / 1000)) })))
    members.append(
      ("tool", .object([("name", .string("report")), ("version", .string(toolVersion))])))
    return .object(members)
  }
}

/// One line of the classification report in the shape of scikit-learn's `output_dict`.
func scoresJSON(_ scores: ClassScores) -> JSONValue {
  .object([
    ("precision", .double(scores.precision)),
    ("recall", .double(scores.recall)),
    ("f1-score", .double(scores.f1)),
    ("support", .double(Double(scores.support))),
  ])
}
