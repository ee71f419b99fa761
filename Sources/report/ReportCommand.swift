import ArgumentParser
import DataSets
import Foundation
import Learning

/// `report`: fits a semi-supervised graph model and writes an HTML report.
@main
struct ReportCommand: ParsableCommand {
  static let version = "0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Fit label spreading to a few labels and write a report of how well it did.",
    discussion: """
      With no subcommand, runs 'generate': reproduces scikit-learn's "Label Propagation \
      digits" example (340 handwritten digits, 40 of them labeled, label spreading with \
      gamma 0.25 and max_iter 20) and writes output/report.html with its figures, \
      metrics.json and predictions.csv. 'report generate --help' lists its options \
      (your own CSV with --data, the model, the output folder and formats).

      Exit codes: 0 success, 64 bad usage, 65 bad data, 66 input missing or \
      unreadable, 71 no threads or memory, 73 output cannot be created, 74 I/O error \
      while writing, 75 output \
      folder in use by another run.
      """,
    version: version,
    subcommands: [
      GenerateCommand.self, QueryCommand.self, CurveCommand.self, ActiveLearningCommand.self,
      TuneCommand.self,
    ],
    defaultSubcommand: GenerateCommand.self
  )

  /// Parses and runs, turning every error into one line on stderr and a documented exit code.
  static func main() {
    StandardStreams.secure()
    if let problem = SystemProbe.problem() {
      printError(problem)
      Foundation.exit(71)
    }
    Prefetch.start()
    // A full disk or a file-size limit must surface as a write error, not a signal.
    signal(SIGXFSZ, SIG_IGN)
    signal(SIGPIPE, SIG_IGN)
    do {
      var command = try parseAsRoot(StandardStreams.arguments)
      try command.run()
      Prefetch.finish()
    } catch {
      Prefetch.finish()
      let code = exitCode(for: error)
      if code.rawValue == 0 || error is CleanExit {
        exit(withError: error)
      }
      if !(error is ExitCode) {
        let text = message(for: error).split(separator: "\n").first.map(String.init) ?? ""
        printError(text.hasPrefix("Error: ") ? String(text.dropFirst(7)) : text)
      }
      Foundation.exit(code.rawValue)
    }
  }

}
