import ArgumentParser
import Foundation

/// A comma-separated list of whole numbers, such as `10,20,40`.
struct CountList: ExpressibleByArgument, Sendable {
  let values: [Int]

  init?(argument: String) {
    let parts = argument.split(separator: ",", omittingEmptySubsequences: false)
    let values = parts.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard !values.isEmpty, values.count == parts.count else { return nil }
    self.values = values
  }

  var defaultValueDescription: String { values.map(String.init).joined(separator: ",") }
}
