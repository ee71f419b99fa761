import Foundation

extension LabelReach {
  /// One warning per reason a sample got no label (or passes none on), each
  /// with its count and what to change.
  func warnings(for fitted: FittedGraphModel) -> [String] {
    let model = fitted.model
    let total = grouped(fitted.sampleCount)
    var lines: [String] = []
    let flagged = "; they are flagged in predictions.csv (no_label_reached)"
    if !isolated.isEmpty {
      var text =
        "\(grouped(isolated.count)) of \(total) samples are isolated: no other sample has an "
        + "edge to them under this kernel, so no label can reach them"
      switch model.kernel {
      case .rbf(let gamma):
        let farthest =
          fitted.nearestSquaredDistance.map { nearest in
            isolated.map { nearest[$0] }.filter(\.isFinite).max() ?? 0
          } ?? 0
        if farthest > 0 {
          // exp(-745) is the smallest power of e a Double can hold (a subnormal).
          text +=
            " (gamma \(gamma) is too large; below about "
            + "\(String(format: "%.3g", 745 / farthest)) every sample keeps a neighbour)"
        }
      case .knn(let k) where k == 1, .knnRBF(let k, _) where k == 1:
        text += " (--neighbors 1 keeps only the sample itself; use 2 or more)"
      case .knnRBF(_, let gamma):
        text +=
          " (the weights exp(-gamma * d²) of their neighbours underflow to 0; "
          + "use a smaller --gamma than \(gamma))"
      case .knn:
        break
      }
      lines.append(text + flagged)
    }
    if !unchosen.isEmpty, let k = model.kernel.neighbors {
      lines.append(
        "\(grouped(unchosen.count)) of \(total) samples are no other sample's neighbour: "
          + "each still takes labels from its own \(k - 1) nearest samples but passes none "
          + "on (usual in a kNN graph; a larger --neighbors makes it rarer)")
    }
    if !unreachable.isEmpty {
      lines.append(
        "\(grouped(unreachable.count)) of \(total) samples are in parts of the graph that no "
          + "labeled sample connects to, so no number of iterations reaches them; label some of "
          + "them, or use a larger --neighbors" + flagged)
    }
    if !notYetReached.isEmpty {
      var text =
        "\(grouped(notYetReached.count)) of \(total) samples had received no label when the "
        + "iterations stopped after \(fitted.iterations)"
      if let steps = stepsNeeded {
        text += " (labels need up to \(steps) iterations to reach them)"
      } else {
        text += " (more iterations reach them unless nothing connects them to a label)"
      }
      if fitted.converged {
        text +=
          ": the change fell below tol \(model.tolerance) first; use a smaller --tol"
      } else {
        let suggestion = stepsNeeded ?? model.maxIterations * 2
        text += "; use --max-iter \(grouped(suggestion)) or more"
      }
      lines.append(text + flagged)
    }
    return lines
  }
}

/// `1234567` as `1,234,567`.
func grouped(_ value: Int) -> String {
  let digits = String(value.magnitude)
  var result = ""
  for (offset, character) in digits.enumerated() {
    if offset > 0, (digits.count - offset) % 3 == 0 { result.append(",") }
    result.append(character)
  }
  return value < 0 ? "-" + result : result
}
