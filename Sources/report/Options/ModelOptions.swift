import ArgumentParser
import DataSets
import Learning

/// A number option read with a strict decimal grammar: no hex, `inf`, `nan` or overflow.
struct Decimal: ExpressibleByArgument, CustomStringConvertible, Sendable {
  let value: Double

  init(_ value: Double) { self.value = value }

  init?(argument: String) {
    guard let value = StrictDecimal.parse(argument) else { return nil }
    self.value = value
  }

  var description: String { "\(value)" }
  var defaultValueDescription: String { "\(value)" }
}

/// The model option's values.
enum ModelChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
  case spreading, propagation
}

/// The kernel option's values.
enum KernelChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
  case rbf, knn
  case knnRBF = "knn-rbf"
}

/// The figure formats a run can write.
enum FormatChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
  case png, svg, pdf
}

/// `HxW`, the pixel layout of a row drawn as an image.
struct ImageShapeArgument: ExpressibleByArgument, Sendable {
  let shape: ImageShape

  init?(argument: String) {
    let parts = argument.lowercased().split(separator: "x")
    guard parts.count == 2, let height = Int(parts[0]), let width = Int(parts[1]),
      height >= 1, width >= 1, height <= 4096, width <= 4096
    else { return nil }
    shape = ImageShape(height: height, width: width)
  }
}

/// The model option and the graph options, for commands that fit one model.
struct ModelOptions: ParsableArguments {
  @Option(help: "The model: 'spreading' (soft clamping) or 'propagation' (hard clamping).")
  var model: ModelChoice = .spreading

  @OptionGroup
  var graph: GraphOptions

  /// The model these options describe; checks the ranges as the model does.
  func graphModel(sampleCount: Int) throws -> GraphModel {
    try validateRanges()
    return try graph.graphModel(
      model == .spreading ? .spreading : .propagation, sampleCount: sampleCount)
  }

  /// Range checks that need no data.
  func validateRanges() throws {
    try graph.validateRanges()
    if model == .propagation, graph.alpha != nil {
      throw ValidationError(
        "--alpha applies to label spreading only; remove it or use --model spreading")
    }
  }
}

/// The graph and iteration options every command that fits a model shares.
struct GraphOptions: ParsableArguments {
  @Option(
    help: """
      The graph: 'rbf' (every pair, weighted), 'knn' (nearest neighbours) or 'knn-rbf' \
      (nearest neighbours, weighted as rbf).
      """)
  var kernel: KernelChoice = .rbf

  @Option(
    parsing: .unconditional,
    help: "RBF width (rbf, knn-rbf): weight = exp(-gamma * squared distance). Must be > 0.")
  var gamma: Decimal = Decimal(0.25)

  @Option(
    parsing: .unconditional,
    help:
      "Clamping of label spreading, in (0, 1): how much a sample adopts its neighbours' labels (default: 0.2)."
  )
  var alpha: Decimal?

  @Option(
    parsing: .unconditional,
    help: "Neighbours per sample for knn and knn-rbf (the sample itself included).")
  var neighbors: Int = 7

  @Option(
    name: .customLong("max-iter"), parsing: .unconditional,
    help: "Most iterations (default: 20 for spreading, 1000 for propagation).")
  var maxIter: Int?

  @Option(
    parsing: .unconditional,
    help: "Stop when the total change of the label distributions falls below this.")
  var tol: Decimal = Decimal(1e-3)

  /// The `variant` model these options describe; checks the ranges as the model does.
  func graphModel(_ variant: GraphModelVariant, sampleCount: Int?) throws -> GraphModel {
    let kernel: Kernel
    switch self.kernel {
    case .rbf: kernel = .rbf(gamma: gamma.value)
    case .knn: kernel = .knn(neighbors: neighbors)
    case .knnRBF: kernel = .knnRBF(neighbors: neighbors, gamma: gamma.value)
    }
    let graphModel: GraphModel
    switch variant {
    case .spreading:
      graphModel = .labelSpreading(
        kernel: kernel, alpha: alpha?.value ?? 0.2, maxIterations: maxIter ?? 20,
        tolerance: tol.value)
    case .propagation:
      graphModel = .labelPropagation(
        kernel: kernel, maxIterations: maxIter ?? 1000, tolerance: tol.value)
    }
    do {
      try graphModel.validate(sampleCount: sampleCount)
    } catch {
      throw ValidationError(optionMessage(error))
    }
    return graphModel
  }

  /// Range checks that need no data.
  func validateRanges() throws {
    if kernel != .knn, !(gamma.value > 0) {
      throw ValidationError("--gamma must be greater than 0 (got \(gamma.value))")
    }
    if let alpha, !(alpha.value > 0 && alpha.value < 1) {
      throw ValidationError("--alpha must be between 0 and 1, exclusive (got \(alpha.value))")
    }
    if let maxIter, maxIter < 1 {
      throw ValidationError("--max-iter must be at least 1 (got \(maxIter))")
    }
    if tol.value < 0 {
      throw ValidationError("--tol must be 0 or more (got \(tol.value))")
    }
    if kernel != .rbf, neighbors < 1 {
      throw ValidationError("--neighbors must be at least 1 (got \(neighbors))")
    }
  }
}

/// A model error phrased with the option names the user typed.
func optionMessage(_ error: LearningError) -> String {
  guard case .invalidParameter(let name, let value, let expected) = error else {
    return error.description
  }
  let option =
    [
      "gamma": "--gamma", "alpha": "--alpha", "neighbors": "--neighbors",
      "max_iter": "--max-iter", "tol": "--tol", "samples": "--samples",
      "labeled": "--labeled", "uncertain": "--uncertain",
    ][name] ?? name
  return "\(option) is \(value), but it must be \(expected)"
}
