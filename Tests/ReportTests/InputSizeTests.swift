import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Issue 18, item 12: a data file too large for the memory is refused from its size, before
/// it is read, with exit 71 and one line naming the estimate.
final class InputSizeTests: XCTestCase {
  func testFileTooLargeForTheMemoryLimitIsRefusedFromItsSize() throws {
    if dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__asan_init") != nil {
      throw XCTSkip("AddressSanitizer's shadow memory cannot be mapped under ulimit -v")
    }
    let scratch = try Binary.scratchFolder(self)
    // 2,000 columns and a first row of 4,000 bytes, then (sparse) 400 MB in all: about
    // 100,000 rows, 1.6 GB of numbers, more than the 1.5 GB the run is given.
    let file = scratch.appendingPathComponent("wide.csv")
    let header = (0..<1999).map { "c\($0)" }.joined(separator: ",") + ",target\n"
    let row = String(repeating: "0,", count: 1999) + "1\n"
    try Data((header + row).utf8).write(to: file)
    XCTAssertEqual(truncate(file.path, 400 << 20), 0)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = [
      "-c", "ulimit -v 1500000; exec \"$0\" --data wide.csv --output out", Binary.url.path,
    ]
    process.currentDirectoryURL = scratch
    let err = Pipe()
    process.standardError = err
    process.standardOutput = FileHandle.nullDevice
    let start = Date()
    try process.run()
    let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 71, text)
    XCTAssertEqual(text.split(separator: "\n").count, 1, text)
    XCTAssertTrue(text.contains("wide.csv is too large for the memory available"), text)
    XCTAssertTrue(text.contains("rows of 2,000 columns"), text)
    XCTAssertTrue(text.contains("ulimit -v"), text)
    // Refused from its size: the 400 MB were not read.
    XCTAssertLessThan(Date().timeIntervalSince(start), 20)
    XCTAssertFalse(
      FileManager.default.fileExists(atPath: scratch.appendingPathComponent("out").path))
  }
}
