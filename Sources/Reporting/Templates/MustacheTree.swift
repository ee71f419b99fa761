/// A page's values as dictionaries and arrays, which Mustache reads without reflection.
///
/// Given a struct, Mustache finds `{{name}}` by building a `Mirror` of it and going through
/// its children, at every lookup and for every section the lookup climbs through on its way
/// out; that reflection was most of the time spent rendering a report. The pages are
/// `Encodable` instead, and are encoded once into values that Mustache looks names up in
/// directly (`[String: Any]` is a `MustacheParent`), with the same results:
/// - a struct becomes a dictionary of its stored properties by name;
/// - a nil optional is left out of its dictionary (`encodeIfPresent`), so the name is looked
///   up in the enclosing sections, as Mustache does for a nil property; a non-nil optional
///   becomes its value;
/// - an array becomes a `BoundedList` of converted elements, still a list section, whose items
///   count against the page's `RenderBudget`;
/// - strings, numbers and booleans stay as they are.
///
/// Encoding goes through the code the compiler writes for `Encodable`, without the runtime
/// reflection (field names, type names, conformance lookups) that a `Mirror` pays for.
enum MustacheTree {
  /// What Mustache should render for a page made of `parts`: the values of each, side by side
  /// at the top level (where two parts have a name, the later one's value is kept).
  static func page(_ parts: any Encodable...) -> Any {
    var values: [String: Any] = [:]
    for part in parts {
      guard let dictionary = value(of: part) as? [String: Any] else { continue }
      values.merge(dictionary) { _, later in later }
    }
    return values
  }

  /// `value` as Mustache should see it; nil when it encodes nothing (a nil optional).
  static func value(of value: some Encodable) -> Any? {
    let slot = Slot()
    // The encoder below never throws: every value has a representation.
    try? value.encode(to: TreeEncoder(slot: slot))
    return slot.finished
  }
}

/// What one value encoded into: nothing yet, a scalar, or a container being filled.
private final class Slot {
  var content: Content = .nothing

  enum Content {
    case nothing
    case scalar(Any)
    case dictionary(DictionaryContainer)
    case array(ArrayContainer)
  }

  /// The value for Mustache; nil when nothing was encoded.
  var finished: Any? {
    switch content {
    case .nothing: nil
    case .scalar(let value): value
    case .dictionary(let container): container.finished
    case .array(let container): container.finished
    }
  }

  /// The keyed container of this value, made on first use.
  var dictionary: DictionaryContainer {
    if case .dictionary(let existing) = content { return existing }
    let container = DictionaryContainer()
    content = .dictionary(container)
    return container
  }

  /// The unkeyed container of this value, made on first use.
  var array: ArrayContainer {
    if case .array(let existing) = content { return existing }
    let container = ArrayContainer()
    content = .array(container)
    return container
  }
}

/// A struct's properties; those encoded through nested containers are read when finished.
private final class DictionaryContainer {
  var entries: [String: Any] = [:]
  var nested: [(key: String, slot: Slot)] = []

  var finished: [String: Any] {
    var result = entries
    for (key, slot) in nested {
      result[key] = slot.finished
    }
    return result
  }

  func set(_ value: Any?, forKey key: String) {
    entries[key] = value
  }

  func nestedSlot(forKey key: String) -> Slot {
    let slot = Slot()
    entries[key] = nil
    nested.append((key, slot))
    return slot
  }
}

/// An array's elements; those encoded through nested containers are read when finished.
private final class ArrayContainer {
  var elements: [Any] = []
  var nested: [(index: Int, slot: Slot)] = []

  /// The elements as Mustache sees a list, within the rendering page's budget (`RenderBudget`).
  var finished: BoundedList {
    var result = elements
    for (index, slot) in nested.reversed() {
      if let value = slot.finished {
        result[index] = value
      } else {
        result.remove(at: index)
      }
    }
    return BoundedList(elements: result)
  }

  func append(_ value: Any?) {
    if let value { elements.append(value) }
  }

  func nestedSlot() -> Slot {
    let slot = Slot()
    nested.append((elements.count, slot))
    elements.append(0)  // replaced when finished
    return slot
  }
}

private struct TreeEncoder: Encoder {
  let slot: Slot
  var codingPath: [any CodingKey] { [] }
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    KeyedEncodingContainer(KeyedTreeContainer<Key>(container: slot.dictionary))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    UnkeyedTreeContainer(container: slot.array)
  }

  func singleValueContainer() -> any SingleValueEncodingContainer {
    SingleValueTreeContainer(slot: slot)
  }
}

private struct KeyedTreeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
  let container: DictionaryContainer
  var codingPath: [any CodingKey] { [] }

  mutating func encodeNil(forKey key: Key) {}

  mutating func encode(_ value: Bool, forKey key: Key) {
    container.set(value, forKey: key.stringValue)
  }

  mutating func encode(_ value: String, forKey key: Key) {
    container.set(value, forKey: key.stringValue)
  }

  mutating func encode(_ value: Int, forKey key: Key) {
    container.set(value, forKey: key.stringValue)
  }

  mutating func encode(_ value: Double, forKey key: Key) {
    container.set(value, forKey: key.stringValue)
  }

  mutating func encode<T: Encodable>(_ value: T, forKey key: Key) {
    container.set(MustacheTree.value(of: value), forKey: key.stringValue)
  }

  mutating func nestedContainer<NestedKey: CodingKey>(
    keyedBy keyType: NestedKey.Type, forKey key: Key
  ) -> KeyedEncodingContainer<NestedKey> {
    let nested = container.nestedSlot(forKey: key.stringValue).dictionary
    return KeyedEncodingContainer(KeyedTreeContainer<NestedKey>(container: nested))
  }

  mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
    UnkeyedTreeContainer(container: container.nestedSlot(forKey: key.stringValue).array)
  }

  mutating func superEncoder() -> any Encoder {
    TreeEncoder(slot: container.nestedSlot(forKey: "super"))
  }

  mutating func superEncoder(forKey key: Key) -> any Encoder {
    TreeEncoder(slot: container.nestedSlot(forKey: key.stringValue))
  }
}

private struct UnkeyedTreeContainer: UnkeyedEncodingContainer {
  let container: ArrayContainer
  var codingPath: [any CodingKey] { [] }
  var count: Int { container.elements.count }

  mutating func encodeNil() {}

  mutating func encode(_ value: Bool) { container.append(value) }
  mutating func encode(_ value: String) { container.append(value) }
  mutating func encode(_ value: Int) { container.append(value) }
  mutating func encode(_ value: Double) { container.append(value) }

  mutating func encode<T: Encodable>(_ value: T) {
    container.append(MustacheTree.value(of: value))
  }

  mutating func nestedContainer<NestedKey: CodingKey>(
    keyedBy keyType: NestedKey.Type
  ) -> KeyedEncodingContainer<NestedKey> {
    KeyedEncodingContainer(
      KeyedTreeContainer<NestedKey>(container: container.nestedSlot().dictionary))
  }

  mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
    UnkeyedTreeContainer(container: container.nestedSlot().array)
  }

  mutating func superEncoder() -> any Encoder {
    TreeEncoder(slot: container.nestedSlot())
  }
}

private struct SingleValueTreeContainer: SingleValueEncodingContainer {
  let slot: Slot
  var codingPath: [any CodingKey] { [] }

  mutating func encodeNil() {}

  mutating func encode(_ value: Bool) { slot.content = .scalar(value) }
  mutating func encode(_ value: String) { slot.content = .scalar(value) }
  mutating func encode(_ value: Int) { slot.content = .scalar(value) }
  mutating func encode(_ value: Double) { slot.content = .scalar(value) }

  /// Any other scalar (an `Int8`, a `Float`) is kept as it is; Mustache shows it the way it
  /// shows every value it has no rule for.
  mutating func encode<T: Encodable>(_ value: T) { slot.content = .scalar(value) }
}
