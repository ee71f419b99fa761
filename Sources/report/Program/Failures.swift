import ArgumentParser
import Foundation
import Learning

/// An error that ends the run with one line on stderr and a sysexits code.
struct Failure: Error {
  let exitCode: Int32
  let message: String

  static func usage(_ message: String) -> Failure { Failure(exitCode: 64, message: message) }
  static func data(_ message: String) -> Failure { Failure(exitCode: 65, message: message) }
}

/// Runs a command's work, turning its failures into one stderr line and their exit code.
func reportingFailures(_ work: () throws -> Void) throws {
  do {
    try work()
  } catch let failure as Failure {
    printError(failure.message)
    throw ExitCode(failure.exitCode)
  } catch let error as OutputError {
    printError(error.description)
    throw ExitCode(error.exitCode)
  }
}

/// Writes `report: message` to stderr, as one line.
func printError(_ message: String) {
  let line = message.replacingOccurrences(of: "\n", with: " ")
  StandardStreams.writeError("report: error: \(line)\n")
}

/// Writes a `warning:` line to stderr.
func printWarning(_ message: String) {
  StandardStreams.writeError("report: warning: \(message)\n")
}

extension LearningError {
  /// A parameter out of range is a usage error (64); anything else is the data's (65).
  var exitCode: Int32 {
    if case .invalidParameter = self { return 64 }
    return 65
  }
}
