/// A tree of boxes over projected samples, built by median splits (`build`, in
/// BoxTreeSelection.swift).
struct BoxTree {
  let projections: [Double]
  let count: Int
  let components: Int
  /// Samples in leaf order.
  var order: [Int]
  var children: [(Int, Int)] = []
  var firstPosition: [Int] = []
  var boxes: [Double] = []
  var leaves: [Int] = []
  var depth = 0

  init(projections: [Double], count: Int, components: Int) {
    self.projections = projections
    self.count = count
    self.components = components
    order = Array(0..<count)
  }
}
