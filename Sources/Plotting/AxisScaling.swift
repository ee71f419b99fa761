#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How data values map onto an axis.
public enum AxisScale: String, Sendable, CaseIterable {
  case linear
  /// Base-10 logarithmic; values that are not positive are left out, as matplotlib
  /// masks them.
  case log
}

/// Where an axis puts its labelled ticks.
public enum TickChoice: Sendable, Equatable {
  /// matplotlib's defaults: nice steps on a linear axis, powers of ten on a log one.
  case automatic
  /// Whole numbers only, for counts (`MaxNLocator(integer=True)`); on a log axis as
  /// `automatic`.
  case integers
  /// These values, written as numbers (`FixedLocator`): the values a user chose, such as
  /// the label counts of a learning curve. Those outside the view are left out.
  case values([Double])
}

/// A tick label: plain text, or a power of ten written as "10" with a raised exponent
/// (matplotlib's `$\mathdefault{10^{k}}$` on log axes).
enum TickLabel: Equatable {
  case plain(String)
  case powerOfTen(Int)
}

/// One axis after autoscaling: its view limits in data units, its ticks and how data
/// maps onto pixels.
struct ScaledAxis {
  var scale: AxisScale
  /// View limits in the scale's own space (log10 of the data for log axes).
  var low: Double
  var high: Double
  var majorTicks: [(value: Double, label: TickLabel)]
  /// Unlabelled ticks (2...9 x 10^k on log axes).
  var minorTicks: [Double]

  /// Autoscales to `values` (already filtered to what the scale can show) with
  /// matplotlib's 5% margins (`axes.xmargin`, `axes.ymargin`), then places the ticks.
  ///
  /// - Parameters:
  ///   - length: the axis length in figure pixels.
  ///   - labelSpacingFactor: 3 for a horizontal axis, 2 for a vertical one (see
  ///     `TickLocator.binCount`).
  init(
    values: [Double], scale: AxisScale, length: Double, labelSpacingFactor: Double,
    ticks choice: TickChoice = .automatic
  ) {
    self.scale = scale
    let transformed = values.map { scale == .log ? log10($0) : $0 }
    var low = transformed.min() ?? 0
    var high = transformed.max() ?? 1
    if high - low <= 1e-12 * max(abs(low), abs(high), 1e-300) {
      // One distinct value: widen as matplotlib's locators do (a decade either side on a
      // log axis, 5% or +-0.05 around it on a linear one).
      if scale == .log {
        low -= 1
        high += 1
      } else {
        (low, high) = TickLocator.nonsingular(low, high, expander: 0.05, tiny: 1e-15)
      }
    }
    let margin = 0.05 * (high - low)
    low -= margin
    high += margin
    self.low = low
    self.high = high
    let bins = TickLocator.binCount(
      axisLength: length, fontSize: Layout.fontSize, factor: labelSpacingFactor)
    majorTicks = []
    minorTicks = []
    if case .values(let chosen) = choice {
      let shown = Array(Set(chosen.filter { $0.isFinite && (scale == .linear || $0 > 0) })).sorted()
      majorTicks = shown.map { (scale == .log ? log10($0) : $0, $0) }
        .filter { $0.0 >= low - 1e-9 && $0.0 <= high + 1e-9 }
        .map { ($0.0, TickLabel.plain(Self.chosenLabel($0.1))) }
      return
    }
    if scale == .log {
      let first = Int(low.rounded(.up))
      let last = Int(high.rounded(.down))
      if last - first >= 1 {
        let decades = last - first + 1
        let stride = max(1, (decades + bins - 1) / bins)
        majorTicks = Swift.stride(from: first, through: last, by: stride).map {
          (Double($0), TickLabel.powerOfTen($0))
        }
        if stride == 1 && decades <= 10 {
          for decade in (first - 1)...last {
            for multiple in 2...9 {
              let value = Double(decade) + log10(Double(multiple))
              if value >= low && value <= high { minorTicks.append(value) }
            }
          }
        }
        return
      }
      // Less than a decade in view: nice linear ticks in data units, labelled plainly.
      let ticks = TickLocator.ticks(vmin: pow(10, low), vmax: pow(10, high), bins: bins)
        .filter { $0 > 0 }
      let labels = TickLocator.labels(for: ticks)
      majorTicks = zip(ticks, labels).map { (log10($0.0), TickLabel.plain($0.1)) }
      return
    }
    let ticks = TickLocator.ticks(vmin: low, vmax: high, bins: bins, integer: choice == .integers)
    majorTicks = zip(ticks, TickLocator.labels(for: ticks)).map { ($0.0, TickLabel.plain($0.1)) }
  }

  /// A chosen tick value as written: whole numbers without decimals, others with the
  /// fewest digits that give them back (`%g` to 6 digits), with matplotlib's minus sign.
  static func chosenLabel(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 {
      return withUnicodeMinus(String(Int(value)))
    }
    return withUnicodeMinus(cFormat("%g", value))
  }

  /// The value's position along the axis as a fraction of its length, 0 at `low`.
  func fraction(of value: Double) -> Double {
    let transformed = scale == .log ? log10(value) : value
    return (transformed - low) / (high - low)
  }

  /// Where a tick (given in the scale's own space) falls, as a fraction of the length.
  func tickFraction(_ tick: Double) -> Double {
    (tick - low) / (high - low)
  }
}
