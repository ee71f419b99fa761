/// A page's values as dictionaries and arrays, which Mustache reads without reflection.
///
/// Given a struct, Mustache finds `{{name}}` by building a `Mirror` of it and going through
/// its children, at every lookup and for every section the lookup climbs through on its way
/// out. A report page makes a few thousand lookups, and that reflection was most of the time
/// spent rendering it. Converting the page once, with one `Mirror` per value, gives every
/// lookup a dictionary instead (`[String: Any]` is a `MustacheParent`), with the same results:
/// - a struct becomes a dictionary of its stored properties by name;
/// - a nil optional is left out of its dictionary, so the name is looked up in the enclosing
///   sections, as Mustache does for a nil property; a non-nil optional becomes its value;
/// - an array becomes an array of converted elements, still a list section;
/// - strings, numbers, booleans, enumerations and everything else stay as they are.
enum MustacheTree {
  /// What Mustache should render in place of `page`.
  static func page(_ page: Any) -> Any {
    values(of: page) ?? page
  }

  /// The value Mustache should be given in place of `value`; nil for a nil optional.
  static func values(of value: Any) -> Any? {
    // The scalars of the pages first: no Mirror needed for them.
    if value is String || value is Int || value is Bool || value is Double {
      return value
    }
    let mirror = Mirror(reflecting: value)
    switch mirror.displayStyle {
    case .optional:
      guard let wrapped = mirror.children.first else { return nil }
      return values(of: wrapped.value)
    case .struct:
      var dictionary: [String: Any] = [:]
      for child in mirror.children {
        if let label = child.label, let converted = values(of: child.value) {
          dictionary[label] = converted
        }
      }
      return dictionary
    case .collection where value is any MustacheListValue:
      // A nil element stays as it was: a list keeps its length.
      return mirror.children.map { values(of: $0.value) ?? $0.value }
    default:
      return value
    }
  }
}

/// The arrays of a page: the collections Mustache renders as lists.
private protocol MustacheListValue {}
extension Array: MustacheListValue {}
