import Mustache

/// What a template reads: names and their values, written down by a page as data.
///
/// A page states each name its template uses once, with its value, in a dictionary literal
/// (`["summary": summary, "rows": rows]`); there is no view type per page. The values are the
/// few kinds a template shows (`TemplateValue`): text, whole numbers, flags, other views (a
/// section whose names are looked up inside it) and lists of those.
///
/// Mustache reads a view directly (it is a `MustacheParent`), without reflection, and:
/// - a name whose value is nil is left out, so Mustache looks it up in the enclosing sections,
///   as it does for any missing name: the names of optional values are unique on a page;
/// - a list reaches it as a `BoundedList`, whose items count against the page's `RenderBudget`.
struct TemplateView: MustacheParent, ExpressibleByDictionaryLiteral {
  private var values: [String: Any] = [:]

  init(dictionaryLiteral elements: (String, (any TemplateValue)?)...) {
    for (name, value) in elements {
      values[name] = value?.templateForm
    }
  }

  func child(named name: String) -> Any? { values[name] }

  /// These names and `other`'s side by side; where both have a name, `other`'s value is kept.
  func merging(_ other: TemplateView) -> TemplateView {
    var merged = self
    merged.values.merge(other.values) { _, later in later }
    return merged
  }
}

/// A value a template can show or enter as a section.
protocol TemplateValue {
  /// The value as Mustache reads it.
  var templateForm: Any { get }
}

extension String: TemplateValue {
  var templateForm: Any { self }
}

extension Int: TemplateValue {
  var templateForm: Any { self }
}

extension Bool: TemplateValue {
  var templateForm: Any { self }
}

extension TemplateView: TemplateValue {
  var templateForm: Any { self }
}

extension Array: TemplateValue where Element: TemplateValue {
  var templateForm: Any { BoundedList(elements: map(\.templateForm)) }
}
