import Foundation

extension HTMLReportRenderer {
  /// The project's `templates` folder, found without being told where it is; nil if none is.
  ///
  /// Looks, in order, for a folder `templates` holding `report.mustache`:
  /// 1. in the folder of the running program and each folder above it (a build under `.build/`
  ///    finds the package's templates; an installed program finds `templates` beside it);
  /// 2. next to the sources this library was built from (`Sources/Reporting/../../templates`),
  ///    for a program run from somewhere else on the machine that built it;
  /// 3. in the current folder and each folder above it.
  public static func defaultTemplatesDirectory() -> URL? {
    var starts: [URL] = []
    if let executable = runningExecutable() {
      starts.append(executable.deletingLastPathComponent())
    }
    starts.append(
      URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent())
    starts.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    for start in starts {
      if let found = templatesFolder(atOrAbove: start) { return found }
    }
    return nil
  }

  /// The running program's file, with symbolic links resolved.
  ///
  /// Reads `/proc/self/exe` itself: without `/proc` (a chroot, a container) Foundation's
  /// `Bundle.main` stops the program; then the program's first argument is used.
  private static func runningExecutable() -> URL? {
    var buffer = [CChar](repeating: 0, count: 4097)
    let count = readlink("/proc/self/exe", &buffer, 4096)
    if count > 0 {
      return URL(
        fileURLWithPath: String(
          decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
    guard let first = CommandLine.arguments.first, first.contains("/") else { return nil }
    return URL(fileURLWithPath: first).resolvingSymlinksInPath()
  }

  private static func templatesFolder(atOrAbove start: URL) -> URL? {
    var folder = start.standardizedFileURL.path
    while true {
      let candidate = (folder as NSString).appendingPathComponent("templates")
      let main = (candidate as NSString).appendingPathComponent("report.mustache")
      if FileManager.default.fileExists(atPath: main) {
        return URL(fileURLWithPath: candidate, isDirectory: true)
      }
      let parent = (folder as NSString).deletingLastPathComponent
      if parent == folder || parent.isEmpty { return nil }
      folder = parent
    }
  }
}
