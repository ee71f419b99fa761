import Mustache

/// How much one page may render.
///
/// At most `maximumItems` list items over all its sections, and at most `maximumBytes` of
/// HTML. Nested sections over the same lists multiply (eight levels
/// over a list of ten are 10⁸ items); the budget stops them instead of running out of memory.
///
/// The page's lists reach Mustache as `BoundedList`s, which stop yielding items once the
/// budget of the page being rendered on this thread is spent; the renderer then throws.
final class RenderBudget: @unchecked Sendable {
  static let maximumItems = 1_000_000
  static let maximumBytes = 256 << 20

  /// The budget of the page being rendered on this thread, if any.
  @TaskLocal static var current: RenderBudget?

  /// The list items this budget allows (`maximumItems` but in tests).
  let limit: Int
  private(set) var items = 0
  private(set) var exceeded = false

  init(limit: Int = RenderBudget.maximumItems) {
    self.limit = limit
  }

  /// Takes one list item; false once the budget is spent.
  func take() -> Bool {
    if items >= limit {
      exceeded = true
      return false
    }
    items += 1
    return true
  }
}

/// A list of the page's values, as Mustache iterates it in a section, within the page's budget.
struct BoundedList: MustacheSequence {
  let elements: [Any]

  func makeIterator() -> Iterator {
    Iterator(base: elements.makeIterator(), budget: RenderBudget.current)
  }

  struct Iterator: IteratorProtocol {
    var base: IndexingIterator<[Any]>
    let budget: RenderBudget?

    mutating func next() -> Any? {
      guard let element = base.next() else { return nil }
      if let budget, !budget.take() { return nil }
      return element
    }
  }
}
