import ArgumentParser
import DataSets
import Learning

/// Where the data come from, shared by every command.
struct DataOptions: ParsableArguments {
  @Option(help: "A CSV file to use instead of the built-in digits.")
  var data: String?

  @Option(
    help:
      "The CSV column holding the class (-1 = unlabeled). Default: 'target', else the last column.")
  var targetColumn: String?

  @Option(
    help: ArgumentHelp(
      "The column of row ids: kept out of the features, written to predictions.csv as 'id'; "
        + "'none' for no index column. Default: the first column when its name is empty, "
        + "as pandas writes its index.", valueName: "name|none"))
  var indexColumn: String?

  @Option(
    help: ArgumentHelp(
      "Columns to keep out of the features, separated by commas (ids, dates, text); they "
        + "are copied into predictions.csv.", valueName: "a,b"))
  var ignoreColumns: String?

  @Option(
    help: ArgumentHelp(
      "Missing feature values (an empty field, NA, NaN, nan, null, NULL): 'drop' the rows, "
        + "or fill each feature with the 'mean' or 'median' of its known values in the rows "
        + "used, as scikit-learn's SimpleImputer. Default: stop with an error."))
  var missing: MissingChoice?

  @Option(
    help: ArgumentHelp(
      "The character between fields: ',', ';' or 'tab'. Default: detected from the header.",
      valueName: ",|;|tab"))
  var delimiter: DelimiterArgument?

  @Option(
    help: ArgumentHelp(
      "The decimal separator of the features: '.' or ','. Default: ',' when the file is "
        + "';'- or tab-separated and its numbers hold commas, else '.'.", valueName: ".|,"))
  var decimal: DecimalArgument?

  @Flag(help: "Z-score every feature first (as scikit-learn's StandardScaler).")
  var standardize = false

  /// The files the run reads, which the output folder must leave alone.
  var inputFiles: [String] { data.map { [$0] } ?? [] }

  /// The CSV file, or the built-in digits when none is given; `progress` shows the bytes read.
  func load(progress: ProgressDisplay? = nil) throws -> DataSet {
    guard let path = data else {
      if let option = csvOnlyOptions.first {
        throw Failure.usage(
          "\(option) needs --data: it applies to a CSV file, and the built-in digits are none")
      }
      return try Prefetch.digits.value()
    }
    let options = try csvOptions()
    try MemoryCheck.check(dataFile: path, maxRows: options.limits.maxRows)
    do {
      return try DataSet.loadCSV(path: path, options: options, progress: progress?.reading(path))
    } catch {
      throw Failure(exitCode: error.exitCode, message: error.description)
    }
  }
}

/// Where and how the files are written, shared by every command.
struct OutputOptions: ParsableArguments {
  @Option(help: "The folder to write into (created if missing; other files in it are kept).")
  var output: String = "output"

  @Option(
    name: .customLong("format"),
    help: "Figure format: png, svg or pdf; repeat for several (default: png).")
  var formats: [FormatChoice] = []

  @Option(
    parsing: .unconditional,
    help: "Pixel density of PNG figures, e.g. 2 for high-DPI screens (0.25 to 8).")
  var scale: Decimal = Decimal(1)

  @Flag(help: "Put the figures inside the HTML page, so the single file can be mailed.")
  var embed = false

  @Option(help: "A folder of Mustache templates to use instead of the project's templates/.")
  var templates: String?

  @Flag(help: "Print only errors.")
  var quiet = false

  func validateRanges() throws {
    guard scale.value >= 0.25, scale.value <= 8 else {
      throw ValidationError("--scale must be between 0.25 and 8 (got \(scale.value))")
    }
    if output.isEmpty { throw ValidationError("--output must name a folder") }
  }

  /// The formats to draw: PNG when none was asked for, each once, in a fixed order.
  var figureFormats: [FormatChoice] {
    formats.isEmpty ? [.png] : FormatChoice.allCases.filter { formats.contains($0) }
  }

  /// `report.html` and the like, inside the output folder, as the user wrote the folder.
  func path(of name: String) -> String {
    (output.hasSuffix("/") ? String(output.dropLast()) : output) + "/" + name
  }
}
