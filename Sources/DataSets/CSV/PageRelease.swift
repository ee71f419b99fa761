#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Hands back to the system the pages of a private file mapping that have been read.
///
/// The pages stay in the file (and usually in the page cache): another reader
/// of the same bytes finds them again, at the cost of a minor page fault.
/// Only the whole pages inside a range are released.
struct PageRelease: @unchecked Sendable {
  /// Readers release what they have read every 2 MB.
  static let step = 2 << 20
  static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

  let base: UnsafePointer<UInt8>
  let enabled: Bool

  func release(_ start: Int, _ end: Int) {
    guard enabled else { return }
    let first = (start + Self.pageSize - 1) / Self.pageSize * Self.pageSize
    let last = end / Self.pageSize * Self.pageSize
    guard last > first else { return }
    madvise(UnsafeMutableRawPointer(mutating: base + first), last - first, MADV_DONTNEED)
  }
}
