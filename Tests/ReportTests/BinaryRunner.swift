import Foundation
import XCTest

/// Runs the built `report` binary in a scratch folder and captures what it prints.
struct BinaryRun {
  let status: Int32
  let stdout: String
  let stderr: String
}

enum Binary {
  /// The `report` executable beside the test bundle.
  static var url: URL {
    var folder = Bundle.main.bundleURL
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
      folder = bundle.bundleURL.deletingLastPathComponent()
    }
    return folder.appendingPathComponent("report")
  }

  /// Runs `report arguments...` with `directory` as the working directory.
  static func run(_ arguments: [String], in directory: URL) throws -> BinaryRun {
    try run(url, arguments, in: directory, environment: ["SWIFT_BACKTRACE": "enable=no"])
  }

  /// Runs `executable arguments...` in `directory`, with `environment` added to this
  /// process's, and collects its exit status and output.
  static func run(
    _ executable: URL, _ arguments: [String], in directory: URL, environment: [String: String]
  ) throws -> BinaryRun {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read before waiting so a full pipe cannot stall the child.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return BinaryRun(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }

  /// A fresh empty folder, removed when the test ends.
  static func scratchFolder(_ test: XCTestCase) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "report-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    test.addTeardownBlock {
      // Restore permissions a test may have removed, then delete.
      _ = try? FileManager.default.setAttributes(
        [.posixPermissions: 0o755], ofItemAtPath: folder.path)
      try? FileManager.default.removeItem(at: folder)
    }
    return folder
  }

  /// Every file below `folder` with its bytes, to compare a folder before and after.
  static func snapshot(_ folder: URL) -> [String: Data] {
    var files: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(atPath: folder.path)
    while let path = enumerator?.nextObject() as? String {
      if let data = FileManager.default.contents(atPath: folder.appendingPathComponent(path).path) {
        files[path] = data
      }
    }
    return files
  }

  /// The project's root folder, found from this source file.
  static var projectRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
  }

  static func fixture(_ name: String) -> URL {
    projectRoot.appendingPathComponent("Tests/LearningTests/Fixtures/\(name)")
  }
}
