/// The list of files the tool wrote into an output folder, kept in the folder as
/// `.report-manifest`: one line per file, its inode number and its name.
///
/// Only a name in this list is ever replaced or deleted by a later run, and a stale one (a file
/// of the same command that the new run no longer writes) only while it is still the file the
/// tool wrote (same inode): a user's file put in its place is kept. A name is added before its
/// file is first created, with inode 0 ("being written"), so a run killed at any instant leaves
/// no file of the tool that a later run cannot name.
struct OutputManifest: Equatable {
  static let fileName = ".report-manifest"
  private static let header = "report output manifest 1"

  /// Name -> inode of the file the tool wrote (0 while being written).
  private(set) var entries: [String: UInt64] = [:]

  init() {}

  /// Parses the manifest's text; `nil` when it is not one.
  init?(bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
    guard lines.first == Substring(Self.header) else { return nil }
    lines.removeFirst()
    for line in lines {
      let fields = line.split(separator: "\t", maxSplits: 1)
      guard fields.count == 2, let inode = UInt64(fields[0]),
        OutputManifest.isPlainName(String(fields[1]))
      else { return nil }
      entries[String(fields[1])] = inode
    }
  }

  var names: [String] { entries.keys.sorted() }

  func contains(_ name: String) -> Bool { entries[name] != nil }

  mutating func set(_ name: String, inode: UInt64) { entries[name] = inode }

  mutating func remove(_ name: String) { entries[name] = nil }

  var bytes: [UInt8] {
    var text = Self.header + "\n"
    for name in names { text += "\(entries[name] ?? 0)\t\(name)\n" }
    return Array(text.utf8)
  }

  /// A name the tool may own: one path component, not hidden as `.`/`..`, no control characters.
  static func isPlainName(_ name: String) -> Bool {
    !name.isEmpty && name != "." && name != ".." && !name.contains("/")
      && !name.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
  }

  /// The name a file is written under before it replaces `name` (`.NAME.report-partial`).
  static func partialName(_ name: String) -> String { ".\(name).report-partial" }
}
