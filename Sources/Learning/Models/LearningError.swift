/// Why a model could not be fitted or applied; each case reads as one sentence.
public enum LearningError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A parameter is outside the range where the model is defined.
  case invalidParameter(name: String, value: String, expected: String)
  /// The feature matrix does not have `sampleCount * featureCount` values, or is empty.
  case shapeMismatch(String)
  /// A feature is NaN or infinite.
  case nonFiniteFeature(sample: Int, feature: Int)
  /// Squared distances would overflow `Double`: the features must be rescaled.
  case distanceOverflow(sample: Int)
  /// Every label is -1, so there is nothing to propagate.
  case noLabeledSamples
  /// The graph would need more memory than the machine has.
  case insufficientMemory(required: UInt64, available: UInt64)
  /// The streamed RBF graph's significant entries, estimated from `sampledRows`
  /// rows, would need more memory than the machine has.
  case insufficientMemoryForEntries(required: UInt64, available: UInt64, sampledRows: Int)

  public var description: String {
    switch self {
    case .invalidParameter(let name, let value, let expected):
      return "\(name) is \(value), but it must be \(expected)"
    case .shapeMismatch(let detail):
      return detail
    case .nonFiniteFeature(let sample, let feature):
      return "feature \(feature) of sample \(sample) is not a finite number"
    case .distanceOverflow(let sample):
      return "the features are too large: squared distances overflow (sample \(sample)); "
        + "rescale the data, for example with --standardize"
    case .noLabeledSamples:
      return "no sample is labeled, so there is nothing to propagate"
    case .insufficientMemory(let required, let available):
      return "the RBF graph needs about \(formatBytes(required)) but only "
        + "\(formatBytes(available)) is available; use --kernel knn, or fewer --samples"
    case .insufficientMemoryForEntries(let required, let available, let sampledRows):
      return "the RBF graph's significant entries need about \(formatBytes(required)) "
        + "(estimated from \(sampledRows) sampled rows) but only \(formatBytes(available)) "
        + "is available; use --kernel knn or knn-rbf, a larger --gamma, or fewer --samples"
    }
  }
}

extension LearningError {
  /// The sysexits code the command ends with.
  ///
  /// A parameter out of range is a usage error (64, `EX_USAGE`). A graph larger
  /// than the memory there is is refused with 71 (`EX_OSERR`: the system cannot
  /// provide what the run needs), not 65, which means the data are at fault.
  /// Anything else is the data's (65, `EX_DATAERR`).
  public var exitCode: Int32 {
    switch self {
    case .invalidParameter: return 64
    case .insufficientMemory, .insufficientMemoryForEntries: return 71
    default: return 65
    }
  }
}

/// `1.5 GB`-style text for a byte count.
func formatBytes(_ bytes: UInt64) -> String {
  let units = ["bytes", "kB", "MB", "GB", "TB"]
  var value = Double(bytes)
  var unit = 0
  while value >= 1000, unit < units.count - 1 {
    value /= 1000
    unit += 1
  }
  return unit == 0 ? "\(bytes) bytes" : "\((value * 10).rounded() / 10) \(units[unit])"
}
