import LearningKernels

/// The instruction set of the hot loops of the RBF graph (`LearningKernels`).
///
/// The program is built for the baseline x86-64 instruction set, so that it
/// starts on any 64-bit PC; the kernel's dot products and exponentials also
/// exist compiled for AVX2 with fused multiply-add, picked at run time when
/// the processor has it (about 2.5 times faster on the digits). Results agree
/// to rounding: the fused multiply-adds round the dot products once instead
/// of twice, a relative difference of order 1e-16 in a distance.
public enum VectorInstructions: Int, Sendable, CaseIterable, Comparable {
  /// SSE2, on every x86-64 processor (and plain C on others).
  case baseline = 0
  /// AVX2 with FMA (Intel since 2013, AMD since 2015).
  case avx2 = 1

  /// The best this processor runs.
  public static var best: VectorInstructions {
    VectorInstructions(rawValue: lk_best_level()) ?? .baseline
  }

  /// The instructions in use: `best` unless `use(_:)` chose others.
  public static var current: VectorInstructions {
    VectorInstructions(rawValue: lk_level()) ?? .baseline
  }

  /// Uses `instructions` from now on, or `best` when the processor lacks them.
  ///
  /// For tests and benchmarks; it affects every fit in the process.
  public static func use(_ instructions: VectorInstructions) {
    lk_set_level(min(instructions, best).rawValue)
  }

  public static func < (left: VectorInstructions, right: VectorInstructions) -> Bool {
    left.rawValue < right.rawValue
  }

  /// The name used on command lines and in benchmark tables.
  public var name: String {
    switch self {
    case .baseline: "baseline"
    case .avx2: "avx2"
    }
  }
}
