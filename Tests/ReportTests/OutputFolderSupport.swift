import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Helpers for the output-folder tests: runs with extra environment, and folder comparisons.
enum FolderTest {
  /// Starts `report arguments...` in `directory` with `environment` added; the caller waits.
  static func start(
    _ arguments: [String], in directory: URL, environment extra: [String: String] = [:]
  ) throws -> Process {
    let process = Process()
    process.executableURL = Binary.url
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var environment = ProcessInfo.processInfo.environment
    environment["SWIFT_BACKTRACE"] = "enable=no"
    for (key, value) in extra { environment[key] = value }
    process.environment = environment
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
  }

  /// Runs to the end and returns the exit status and stderr.
  static func run(
    _ arguments: [String], in directory: URL, environment: [String: String] = [:]
  ) throws -> (status: Int32, stderr: String) {
    let process = Process()
    process.executableURL = Binary.url
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var merged = ProcessInfo.processInfo.environment
    merged["SWIFT_BACKTRACE"] = "enable=no"
    for (key, value) in environment { merged[key] = value }
    process.environment = merged
    let err = Pipe()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = err
    try process.run()
    let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, text)
  }

  /// Every entry below `folder` (files with their bytes, folders, and symbolic links with their
  /// targets), not following links, without the names in `excluding` at the top.
  static func entries(_ folder: URL, excluding: (String) -> Bool = { _ in false }) -> [String:
    String]
  {
    var result: [String: String] = [:]
    func walk(_ relative: String) {
      let path = relative.isEmpty ? folder.path : folder.path + "/" + relative
      guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
      for name in names {
        if relative.isEmpty, excluding(name) { continue }
        let child = relative.isEmpty ? name : relative + "/" + name
        let full = folder.path + "/" + child
        var status = stat()
        guard lstat(full, &status) == 0 else { continue }
        switch status.st_mode & S_IFMT {
        case S_IFLNK:
          result[child] =
            "link:" + ((try? FileManager.default.destinationOfSymbolicLink(atPath: full)) ?? "?")
        case S_IFDIR:
          result[child] = "folder"
          walk(child)
        default:
          let data = FileManager.default.contents(atPath: full) ?? Data()
          result[child] = "file:" + data.base64EncodedString()
        }
      }
    }
    walk("")
    return result
  }

  /// Writes `text` to `folder/name`, creating folders on the way.
  static func put(_ text: String, _ name: String, in folder: URL) throws {
    let url = folder.appendingPathComponent(name)
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
  }

  /// The names at the top of `folder`.
  static func names(_ folder: URL) -> Set<String> {
    Set((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
  }

  /// Waits up to `seconds` for `path` to exist.
  static func waitFor(_ path: String, seconds: Double, while process: Process) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if FileManager.default.fileExists(atPath: path) { return true }
      if !process.isRunning { return FileManager.default.fileExists(atPath: path) }
      usleep(5000)
    }
    return false
  }
}
