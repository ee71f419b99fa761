import DataSets
import Foundation

/// The command line of this run as shell words, to run it again: `metrics.json` and the other
/// JSON files keep it as typed, the pages show it with the files read named without their
/// folders (a page is often mailed; the folders are the sender's).
struct RunCommandLine: Equatable {
  /// The arguments after the program's name, as the process received them.
  var arguments: [String]

  /// The options whose value is a file or folder the run reads.
  static let inputOptions: Set<String> = ["--data", "--answers", "--predict", "--templates"]

  /// This process's arguments.
  static var current: RunCommandLine { RunCommandLine(arguments: StandardStreams.arguments) }

  /// `report` and the arguments, each quoted for a POSIX shell where it needs it.
  var typed: String { (["report"] + arguments).map(shellQuoted).joined(separator: " ") }

  /// As `typed`, with the value of every input option reduced to its file name; and whether
  /// anything was reduced.
  var shown: (line: String, shortened: Bool) {
    var words: [String] = []
    var shortened = false
    var valueOf: String?
    for argument in arguments {
      if let option = valueOf {
        valueOf = nil
        let name = DataSet.fileName(of: argument)
        shortened = shortened || name != argument
        _ = option
        words.append(name)
        continue
      }
      if Self.inputOptions.contains(argument) {
        valueOf = argument
        words.append(argument)
      } else if let equals = argument.firstIndex(of: "="),
        Self.inputOptions.contains(String(argument[..<equals]))
      {
        let value = String(argument[argument.index(after: equals)...])
        let name = DataSet.fileName(of: value)
        shortened = shortened || name != value
        words.append(String(argument[...equals]) + name)
      } else {
        words.append(argument)
      }
    }
    return ((["report"] + words).map(shellQuoted).joined(separator: " "), shortened)
  }
}

/// `text` as one word of a POSIX shell: as it is when every character is safe, else in single
/// quotes, a quote inside written `'\''`.
func shellQuoted(_ text: String) -> String {
  let safe = text.unicodeScalars.allSatisfy {
    ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
      || "-_./=,:@+%".unicodeScalars.contains($0)
  }
  return safe && !text.isEmpty
    ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

extension RunCommandLine {
  /// The command block of a page and the sentence under it; `json` names the file that keeps
  /// the command as typed.
  func page(json: String?) -> (command: String, note: String?) {
    let (line, shortened) = shown
    guard shortened else { return (line, nil) }
    return (
      line,
      "Files are named without their folders: run it where they are."
        + (json.map { " \($0) has the command as typed." } ?? "")
    )
  }
}
