import Foundation
import Learning
import Reporting

/// "What this means" for a report: sentences written from the run's diagnostics, the same
/// rules for every data set.
struct ReportFindings {
  let result: ExperimentResult
  let diagnostics: RunDiagnostics

  /// Below this many scored samples, the accuracy is flagged as resting on few samples.
  static let fewScored = 100
  /// A median largest weight share at or above this makes the graph "nearly 1-NN".
  static let degenerateShare = 0.9

  private var modelName: String { result.experiment.model.variant.displayName }
  private var classNames: [String] { result.data.classNames }

  var findings: [Finding] {
    [accuracy, baseline, degenerateGraph, zeroEntropy, neverPredicted].compactMap { $0 }
  }

  private func fixed(_ value: Double) -> String { String(format: "%.3f", value) }
  private func percent(_ value: Double) -> String { String(format: "%.0f%%", 100 * value) }

  /// The accuracy with its 95% Wilson interval; a caution when few samples were scored.
  private var accuracy: Finding? {
    guard let interval = diagnostics.accuracyInterval else { return nil }
    let scored = diagnostics.scored
    let rate = Double(diagnostics.correct) / Double(scored)
    let range =
      "with 95% confidence the accuracy lies between \(fixed(interval.low)) and "
      + "\(fixed(interval.high)) (Wilson interval)"
    if scored < Self.fewScored {
      return Finding(
        tone: .caution, headline: "Few samples to score",
        detail: "The accuracy of \(fixed(rate)) rests on \(scored) scored "
          + "\(scored == 1 ? "sample" : "samples") (\(diagnostics.correct) right): \(range). "
          + "Differences between settings smaller than that range may be chance.")
    }
    return Finding(
      tone: .note, headline: "How precise the accuracy is",
      detail: "\(diagnostics.correct) of \(scored) scored samples are right (\(fixed(rate))): "
        + "\(range).")
  }

  /// The model against a 1-nearest-neighbour classifier that sees the labeled samples only.
  private var baseline: Finding? {
    guard let baseline = diagnostics.baselineAccuracy, diagnostics.scored > 0 else { return nil }
    let model = Double(diagnostics.correct) / Double(diagnostics.scored)
    let labeled = result.labeledCount
    let nearest = "a 1-nearest-neighbour classifier trained on the \(labeled) labeled samples alone"
    if baseline >= model {
      return Finding(
        tone: .caution, headline: "The supervised baseline does as well",
        detail: "On the same \(diagnostics.scored) samples, \(nearest) scores \(fixed(baseline)), "
          + "against \(fixed(model)) for \(modelName): the unlabeled samples did not help at "
          + "these settings. Try other graph settings (report tune) or more labels.")
    }
    return Finding(
      tone: .note, headline: "The unlabeled samples helped",
      detail: "\(modelName) scores \(fixed(model)), against \(fixed(baseline)) for \(nearest).")
  }

  /// An RBF graph in which most of each sample's weight goes to one neighbour.
  private var degenerateGraph: Finding? {
    guard let share = diagnostics.medianLargestWeightShare, share >= Self.degenerateShare,
      let gamma = result.experiment.model.kernel.gamma
    else { return nil }
    let examined = diagnostics.samplesExamined
    let agreement = diagnostics.agreementWithBaseline.map {
      " The model's predictions equal the 1-nearest-neighbour classifier's on \(percent($0)) "
        + "of the unlabeled samples."
    }
    let amount = share >= 0.995 ? "practically all" : "at least \(percent(share))"
    return Finding(
      tone: .caution, headline: "The graph is nearly a nearest-neighbour graph",
      detail: "At gamma \(gamma), half of the \(examined) samples examined give \(amount) of "
        + "their weight to a single neighbour, so a label passes from nearest neighbour to "
        + "nearest neighbour and little else.\(agreement ?? "") A smaller gamma (or "
        + "--standardize) lets each sample see more neighbours.")
  }

  /// Listed uncertain samples the model is in fact certain about.
  private var zeroEntropy: Finding? {
    let zero = diagnostics.zeroEntropyUncertain
    let listed = result.uncertain.count
    guard zero > 0 else { return nil }
    if zero == listed {
      return Finding(
        tone: .caution, headline: "No sample is uncertain",
        detail: "Every one of the \(listed) listed samples has entropy 0, so the model is "
          + "certain about every sample and the ranking cannot say which to label next "
          + "(equal entropies are listed by sample index).")
    }
    return Finding(
      tone: .note, headline: "Some listed samples are certain",
      detail: "\(zero) of the \(listed) listed samples have entropy 0: fewer than \(listed) "
        + "samples are uncertain at all.")
  }

  /// Classes with labels that no unlabeled sample is predicted as.
  private var neverPredicted: Finding? {
    let classes = diagnostics.neverPredicted
    guard !classes.isEmpty else { return nil }
    let names = classes.map { entry in
      "\(classNames[entry.classCode])"
        + (diagnostics.scored > 0 ? " (\(entry.truly) scored samples truly of it)" : "")
    }
    return Finding(
      tone: .caution,
      headline: classes.count == 1 ? "A class is never predicted" : "Classes never predicted",
      detail: "No unlabeled sample is predicted as \(names.joined(separator: ", ")), although "
        + "\(classes.count == 1 ? "it has" : "they have") labeled samples.")
  }
}

extension ReportFindings {
  /// The diagnostics and the sentences, for `metrics.json`'s `interpretation`.
  static func json(
    _ diagnostics: RunDiagnostics, findings: [Finding], classNames: [String]
  ) -> JSONValue {
    func number(_ value: Double?) -> JSONValue { value.map { .double($0) } ?? .null }
    return .object([
      ("scored", .int(diagnostics.scored)),
      ("correct", .int(diagnostics.correct)),
      (
        "accuracy_interval_95",
        diagnostics.accuracyInterval.map { .array([.double($0.low), .double($0.high)]) } ?? .null
      ),
      ("baseline_accuracy", number(diagnostics.baselineAccuracy)),
      ("agreement_with_baseline", number(diagnostics.agreementWithBaseline)),
      ("median_largest_weight_share", number(diagnostics.medianLargestWeightShare)),
      ("samples_examined", .int(diagnostics.samplesExamined)),
      ("zero_entropy_uncertain", .int(diagnostics.zeroEntropyUncertain)),
      (
        "never_predicted",
        .array(diagnostics.neverPredicted.map { .string(classNames[$0.classCode]) })
      ),
      (
        "findings",
        .array(
          findings.map {
            .object([
              ("tone", .string($0.tone.rawValue)), ("headline", .string($0.headline)),
              ("detail", .string($0.detail)),
            ])
          })
      ),
    ])
  }
}
