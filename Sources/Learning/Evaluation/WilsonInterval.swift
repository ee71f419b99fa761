import Foundation

/// The Wilson score interval of a proportion: where the true rate of `successes` in
/// `trials` lies with the confidence `z` stands for (1.96 for 95%).
///
/// With p = successes / trials and n = trials, the bounds are
/// `(p + z²/2n ± z √(p(1-p)/n + z²/4n²)) / (1 + z²/n)`, SciPy's
/// `binomtest(k, n).proportion_ci(method="wilson")`. Unlike p ± z√(p(1-p)/n) it stays in
/// 0...1 and is not empty when every trial succeeds, which is why it suits an accuracy
/// measured on a few samples. `nil` without trials.
public struct WilsonInterval: Sendable, Equatable {
  public var low: Double
  public var high: Double

  /// The standard normal quantile of 0.975: a 95% interval.
  public static let z95 = 1.959_963_984_540_054

  public init?(successes: Int, trials: Int, z: Double = z95) {
    guard trials > 0, successes >= 0, successes <= trials else { return nil }
    let n = Double(trials)
    let p = Double(successes) / n
    let z2 = z * z
    let center = (p + z2 / (2 * n)) / (1 + z2 / n)
    let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
    low = max(0, center - half)
    high = min(1, center + half)
  }
}
