extension DataSet {
  /// The data's file name without its folders (`wine.csv` for `/home/ana/data/wine.csv`), as
  /// titles and pages show it; `source` keeps the path as it was given.
  public var fileName: String { Self.fileName(of: source) }

  /// The last component of `path` (`digits` stays `digits`; a trailing `/` is ignored).
  public static func fileName(of path: String) -> String {
    path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
  }
}
