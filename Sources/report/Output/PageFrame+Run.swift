import Reporting

extension PageFrame {
  /// The frame of a page this program writes: its footer names the program and its version,
  /// and its run card the command line of this run (`RunCommandLine`), naming `json` as the
  /// file that records the run (nil for a page without one).
  init(
    title: String, parameters: [KeyValue], provenance: Provenance, warnings: [String],
    downloads: [Download], timings: [KeyValue], json: String?
  ) {
    let line = RunCommandLine.current.page(json: json)
    self.init(
      title: title, parameters: parameters, provenance: provenance, warnings: warnings,
      downloads: downloads, toolName: "report", toolVersion: ReportCommand.version,
      timings: timings, command: line.command, commandNote: line.note)
  }
}
