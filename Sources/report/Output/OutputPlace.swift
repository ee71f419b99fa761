import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The folders a report must not be written into, and why.
///
/// `/`, the home folder, the current folder, any folder that holds one of them, and a folder
/// that holds the input data are refused (exit 64) unless they already are the tool's own
/// output folder (they hold its manifest from an earlier run): the tool would mix its files
/// with the user's, and a name it writes could be one of theirs.
enum OutputPlace {
  /// The canonical path of `path` (symbolic links resolved), or `nil` when it does not exist.
  static func canonical(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// Whether `folder` is `other` or holds it (both canonical).
  static func holds(_ folder: String, _ other: String) -> Bool {
    folder == other || folder == "/" || other.hasPrefix(folder + "/")
  }

  /// Why `shownPath` (canonical `folder`) may not receive a report, or `nil` when it may.
  static func refusal(folder: String, shownPath: String, inputs: [String]) -> String? {
    if folder == "/" {
      return
        "--output \(shownPath) is the root folder; give a folder of its own, e.g. --output report"
    }
    if let home = ProcessInfo.processInfo.environment["HOME"].flatMap(canonical),
      holds(folder, home)
    {
      return
        "--output \(shownPath) is \(folder == home ? "your home folder" : "a folder holding your home folder"); "
        + "give a folder of its own, e.g. --output report"
    }
    if let current = canonical("."), holds(folder, current) {
      return
        "--output \(shownPath) is \(folder == current ? "the current folder" : "a folder holding the current folder"); "
        + "give a folder of its own, e.g. --output report"
    }
    for input in inputs {
      if let resolved = canonical(input), holds(folder, resolved) {
        return "--output \(shownPath) holds the input data \(input); give a folder of its own"
      }
    }
    return nil
  }

  /// The names of the input files that sit directly in `folder` (canonical).
  static func inputNames(in folder: String, inputs: [String]) -> Set<String> {
    var names = Set<String>()
    for input in inputs {
      guard let resolved = canonical(input) else { continue }
      let url = URL(fileURLWithPath: resolved)
      if url.deletingLastPathComponent().path == folder { names.insert(url.lastPathComponent) }
    }
    return names
  }
}
