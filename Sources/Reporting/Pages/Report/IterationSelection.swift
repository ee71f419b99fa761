/// Which iterations a residual table lists, so that a long fit does not make a long page.
struct IterationSelection: Equatable {
  /// Most rows a residual table shows.
  static let rowLimit = 15

  /// The iterations to list, numbered from 1, ascending.
  var iterations: [Int]
  /// Every how many iterations the middle of the list takes one; 1 when all are listed.
  var step: Int

  /// The rows for a fit of `count` iterations.
  ///
  /// Every iteration up to `limit`; else the first three, every n-th and the last two, with
  /// n the smallest of 1, 2, 5, 10, 20, 50, ... that keeps the list within `limit`.
  init(count: Int, limit: Int = rowLimit) {
    guard count > max(limit, 6) else {
      iterations = Array(stride(from: 1, through: max(count, 0), by: 1))
      step = 1
      return
    }
    let middle = 4...(count - 2)
    let budget = max(1, limit - 5)
    var step = 1
    var decade = 1
    while Self.multiples(of: step, in: middle) > budget {
      switch step / decade {
      case 1: step = 2 * decade
      case 2: step = 5 * decade
      default:
        decade *= 10
        step = decade
      }
    }
    self.step = step
    iterations = [1, 2, 3] + middle.filter { $0 % step == 0 } + [count - 1, count]
  }

  private static func multiples(of step: Int, in range: ClosedRange<Int>) -> Int {
    range.upperBound / step - (range.lowerBound - 1) / step
  }
}
