/// The file formats a figure can be rendered to.
public enum FigureFormat: String, CaseIterable, Sendable {
  case png
  case svg
  case pdf

  /// The file name extension, without the dot.
  public var fileExtension: String { rawValue }

  /// The media type, for a report's links or an HTTP response.
  public var mimeType: String {
    switch self {
    case .png: return "image/png"
    case .svg: return "image/svg+xml"
    case .pdf: return "application/pdf"
    }
  }

  /// The format a file name's extension stands for, if any (case-insensitive).
  public init?(pathExtensionOf path: String) {
    guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
    self.init(rawValue: path[path.index(after: dot)...].lowercased())
  }
}

/// Descriptive text stored inside a rendered figure.
///
/// It goes into the PNG text chunks (Title, Software, Description), the SVG `<title>`,
/// `<desc>` and `<metadata>`, and the PDF document information (Title, Creator,
/// Subject). Empty fields are left out.
public struct FigureMetadata: Sendable, Equatable {
  /// What the figure shows, such as "Confusion matrix".
  public var title: String
  /// The program that made it, such as "report 1.0".
  public var software: String
  /// The run's parameters, so that a figure found alone still says how it was made.
  public var description: String

  public init(title: String = "", software: String = "", description: String = "") {
    self.title = title
    self.software = software
    self.description = description
  }
}

/// The size of a figure in pixels at scale 1, that is, at 100 dpi (640 x 480 is
/// matplotlib's default 6.4 x 4.8 inch figure).
public struct FigureSize: Sendable, Equatable {
  public var width: Double
  public var height: Double

  public init(width: Double, height: Double) {
    self.width = width
    self.height = height
  }

  /// matplotlib's default figure, 6.4 x 4.8 inches.
  public static let matplotlibDefault = FigureSize(width: 640, height: 480)
}
