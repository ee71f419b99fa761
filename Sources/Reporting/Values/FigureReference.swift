/// A figure file the page shows, by reference or embedded as a data URI.
public struct FigureReference: Sendable, Equatable {
  /// Which section of the page the figure belongs in.
  public enum Kind: String, Sendable, Equatable {
    /// Heatmap of true against predicted labels.
    case confusionMatrix
    /// Grid of the most uncertain predictions.
    case uncertainSamples
    /// Residual per iteration.
    case residuals
    /// Any other figure, shown in a section of its own.
    case other
  }

  /// Which section of the page the figure belongs in.
  public var kind: Kind
  /// The image file, relative to the page, such as `confusion_matrix.png`.
  public var href: String
  /// Text that says what the figure shows, for readers who cannot see it.
  public var alt: String
  /// Displayed width in CSS pixels (the image is scaled down on narrow screens).
  public var width: Int
  /// Displayed height in CSS pixels.
  public var height: Int
  /// A caption under the figure; nil for none.
  public var caption: String?
  /// `data:image/png;base64,...` to embed instead of linking `href`; nil to link.
  public var dataURI: String?
  /// The same figure in other formats (SVG, PDF), linked under the figure.
  public var alternates: [AlternateFormat]
  /// The same image at more pixels, which the page offers to high-density screens (`srcset`).
  public var highDensity: HighDensityImage?

  public init(
    kind: Kind, href: String, alt: String, width: Int, height: Int, caption: String? = nil,
    dataURI: String? = nil, highDensity: HighDensityImage? = nil,
    alternates: [AlternateFormat] = []
  ) {
    self.kind = kind
    self.href = href
    self.alt = alt
    self.width = width
    self.height = height
    self.caption = caption
    self.dataURI = dataURI
    self.highDensity = highDensity
    self.alternates = alternates
  }
}

/// An image file at a higher pixel density than the one the page links.
public struct HighDensityImage: Sendable, Equatable {
  /// The file, relative to the page, such as `confusion_matrix@2x.png`.
  public var href: String
  /// Its density as `srcset` writes it, such as `2x`.
  public var density: String

  public init(href: String, density: String) {
    self.href = href
    self.density = density
  }
}

/// A link to a figure in another file format.
public struct AlternateFormat: Sendable, Equatable {
  /// The format's short name, such as `SVG`.
  public var format: String
  /// The file, relative to the page, such as `confusion_matrix.svg`.
  public var href: String

  public init(format: String, href: String) {
    self.format = format
    self.href = href
  }
}
