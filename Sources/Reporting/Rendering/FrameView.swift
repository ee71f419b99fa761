/// What the templates read from a page's `PageFrame`: the run card, the warnings, the
/// downloads and the footer, formatted the same way on every page.
///
/// Its names sit at the top level of every page, beside the page's own view's.
struct FrameView: Encodable {
  struct DataSource: Encodable {
    var source: String
    var sha256: String?
    var licence: String?
    var attribution: String?
    var reading: [KeyValue]
  }

  struct DownloadLink: Encodable {
    /// A `data:` link when the file is inside the page, else the file beside it; nil when the
    /// page stands alone and the file was left out.
    var href: String?
    /// The file name a browser saves a `data:` link under.
    var saveAs: String?
    var leftOutNote: String?
    var name: String
    var contents: String
    var size: String
    var bytes: Int
  }

  var title: String
  var warnings: [String]
  var warningCount: String?
  var parameters: [KeyValue]
  var provenance: DataSource
  var downloads: [DownloadLink]
  /// The page's figures that have a file to download: linked ones, and embedded ones with
  /// alternates.
  var figureFiles: [PageFigure]
  var hasDownloads: Bool
  /// The downloads are inside the page (`--embed`), not beside it.
  var downloadsInside: Bool
  var toolName: String
  var toolVersion: String
  var timings: [KeyValue]
  var hasTimings: Bool
  /// The run's command line, for a copyable block in the run card.
  var runCommand: String?
  var runCommandNote: String?

  /// `frame` formatted for the templates; `figures` are the page's figures.
  init(_ frame: PageFrame, figures: [PageFigure]) {
    title = frame.title
    warnings = frame.warnings
    warningCount =
      frame.warnings.isEmpty ? nil : NumberFormatting.count(frame.warnings.count, "warning")
    parameters = frame.parameters
    provenance = DataSource(
      source: frame.provenance.source, sha256: frame.provenance.sha256,
      licence: frame.provenance.licence, attribution: frame.provenance.attribution,
      reading: frame.provenance.reading)
    downloads = frame.downloads.map {
      DownloadLink(
        href: $0.leftOut ? nil : $0.dataURI ?? RelativeLink.encode($0.href),
        saveAs: $0.dataURI == nil ? nil : $0.href,
        leftOutNote: $0.leftOut
          ? "Not included in this page (larger than the limit for embedding); it sits beside "
            + "the page in the output folder." : nil,
        name: $0.href, contents: $0.contents,
        size: NumberFormatting.fileSize($0.bytes), bytes: $0.bytes)
    }
    downloadsInside = frame.downloads.contains { $0.dataURI != nil || $0.leftOut }
    figureFiles = figures.filter { $0.figureLink != nil || $0.hasAlternates }
    hasDownloads = !downloads.isEmpty || !figureFiles.isEmpty
    toolName = frame.toolName
    toolVersion = frame.toolVersion
    timings = frame.timings
    hasTimings = !frame.timings.isEmpty
    runCommand = frame.command
    runCommandNote = frame.commandNote
  }
}
