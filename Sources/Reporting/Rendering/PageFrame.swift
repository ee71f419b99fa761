/// What every page shows around its own content, as plain values: the title, the run card
/// (parameters and where the data came from), the warnings, the files to download and the
/// footer (the program and the time each step took).
///
/// Strings are shown as they are (they are escaped when the page is written).
public struct PageFrame: Sendable, Equatable {
  /// The page title, also the `<title>` of the document.
  public var title: String
  /// Run parameters in the order they are shown (model, kernel, gamma, alpha, ...).
  public var parameters: [KeyValue]
  /// Where the data came from.
  public var provenance: Provenance
  /// Warnings raised during the run (convergence, zero division, ...), one sentence each.
  public var warnings: [String]
  /// Machine-readable files written beside the page.
  public var downloads: [Download]
  /// Name of the program that wrote the page.
  public var toolName: String
  /// Version of that program.
  public var toolVersion: String
  /// Wall-clock times of the steps, already formatted (`"fit" → "0.21 s"`).
  public var timings: [KeyValue]
  /// The command line of the run as shell words, to copy and run again; nil when unknown.
  public var command: String?
  /// A sentence about `command` (that its files are named without their folders), or nil.
  public var commandNote: String?

  public init(
    title: String,
    parameters: [KeyValue],
    provenance: Provenance,
    warnings: [String] = [],
    downloads: [Download] = [],
    toolName: String,
    toolVersion: String,
    timings: [KeyValue] = [],
    command: String? = nil,
    commandNote: String? = nil
  ) {
    self.title = title
    self.parameters = parameters
    self.provenance = provenance
    self.warnings = warnings
    self.downloads = downloads
    self.toolName = toolName
    self.toolVersion = toolVersion
    self.timings = timings
    self.command = command
    self.commandNote = commandNote
  }
}
