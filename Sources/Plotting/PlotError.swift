/// Why a figure could not be drawn, encoded or written.
///
/// Every failure of the libraries underneath (Cairo, libpng, the file system) is turned
/// into one of these cases; nothing in `Plotting` traps on bad input.
public enum PlotError: Error, CustomStringConvertible, Equatable {
  /// A Cairo call failed. `status` is the raw `cairo_status_t`, `message` is
  /// `cairo_status_to_string(status)`, `operation` names the call that reported it.
  case cairo(operation: String, status: Int, message: String)
  /// The figure's data or parameters cannot be drawn (NaN, mismatched sizes, a bad scale...).
  case invalid(String)
  /// libpng could not encode or decode a PNG stream; the text is libpng's own message
  /// or a description of the malformed input.
  case png(String)
  /// A file could not be written. `message` is `strerror(errno)` of the failing call.
  case io(path: String, operation: String, message: String)

  public var description: String {
    switch self {
    case .cairo(let operation, let status, let message):
      return "Cairo error in \(operation): \(message) (status \(status))"
    case .invalid(let reason):
      return "invalid figure: \(reason)"
    case .png(let reason):
      return "PNG error: \(reason)"
    case .io(let path, let operation, let message):
      return "cannot \(operation) \(path): \(message)"
    }
  }
}
