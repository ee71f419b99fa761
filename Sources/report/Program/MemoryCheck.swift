import DataSets
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Refuses a data file whose numbers could not fit in memory, from its size, before reading it.
///
/// The estimate (`CSVSizeEstimate`: rows from the file's size and the length of its first
/// lines, columns from its header, eight bytes a cell, plus the file) is compared with the
/// memory the process can still get: the system's available memory (`MemAvailable`) and,
/// under `ulimit -v`, the address space left below the limit. A file estimated to have more
/// rows than the reader accepts is left to the reader, which refuses it by its counted rows.
enum MemoryCheck {
  /// Exit 71 with one line naming the estimate, when the file cannot fit.
  static func check(dataFile path: String, maxRows: Int) throws {
    guard let estimate = CSVSizeEstimate.of(path: path), estimate.rows <= maxRows,
      let available = availableBytes(), estimate.bytes > available.bytes
    else { return }
    throw Failure(
      exitCode: 71,
      message: "\(path) is too large for the memory available: about "
        + "\(grouped(estimate.rows)) rows of \(grouped(estimate.columns)) columns, "
        + "\(megabytes(estimate.bytes)) with the file, against \(megabytes(available.bytes)) "
        + "available (\(available.source)); use a smaller file or more memory")
  }

  /// The memory the process can still get, and what limits it.
  static func availableBytes() -> (bytes: Int, source: String)? {
    var result: (bytes: Int, source: String)?
    if let free = meminfo("MemAvailable:") {
      result = (free, "free memory")
    }
    var limit = rlimit()
    // rlim_t.max is RLIM_INFINITY: no limit.
    if getrlimit(Int32(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max {
      let used = status("VmSize:") ?? 0
      let left = max(0, Int(clamping: limit.rlim_cur) - used)
      if result == nil || left < result!.bytes { result = (left, "ulimit -v") }
    }
    return result
  }

  private static func meminfo(_ key: String) -> Int? {
    field(key, in: "/proc/meminfo")
  }

  private static func status(_ key: String) -> Int? {
    field(key, in: "/proc/self/status")
  }

  /// A `key: N kB` line of a /proc file, in bytes.
  private static func field(_ key: String, in file: String) -> Int? {
    guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix(key) {
      let parts = line.split(separator: " ")
      if parts.count >= 2, let kilobytes = Int(parts[1]) { return kilobytes * 1024 }
    }
    return nil
  }

  private static func megabytes(_ bytes: Int) -> String {
    bytes >= 1 << 30
      ? String(format: "%.1f GB", Double(bytes) / Double(1 << 30))
      : String(format: "%.0f MB", Double(bytes) / Double(1 << 20))
  }

  private static func grouped(_ value: Int) -> String {
    let digits = String(value)
    var result = ""
    for (offset, character) in digits.enumerated() {
      if offset > 0, (digits.count - offset) % 3 == 0 { result.append(",") }
      result.append(character)
    }
    return result
  }
}
