/// Checks of document values that more than one page makes.
enum DocumentChecks {
  /// Refuses a `value` outside 0...1, naming it as `name`.
  static func fraction(_ value: Double?, _ name: String) throws(ReportingError) {
    if let value, !(0...1).contains(value) {
      throw .invalidDocument(reason: "\(name) \(value) is not a fraction in 0...1")
    }
  }
}
