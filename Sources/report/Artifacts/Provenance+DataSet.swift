import DataSets
import Reporting

extension DataOptions {
  /// Where `data` came from, as every page shows it: the built-in digits with their licence and
  /// credit, a CSV file with how it was read (from `reading`'s rows when given, else `data`'s).
  func provenance(_ data: DataSet, reading: DataSet? = nil) -> Provenance {
    Provenance(
      source: data.fileName, sha256: data.sha256,
      licence: self.data == nil ? "CC BY 4.0" : nil,
      attribution: self.data == nil ? DataSet.digitsAttribution : nil,
      reading: DataReadingText(data: reading ?? data).pageFacts)
  }
}

extension JSONValue {
  /// The `tool` member every JSON file ends with: the program's name and version.
  static var tool: (String, JSONValue) {
    ("tool", .object([("name", .string("report")), ("version", .string(ReportCommand.version))]))
  }
}
