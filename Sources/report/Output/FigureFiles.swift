import Foundation
import Plotting
import Reporting

/// One drawn figure in every requested format.
struct RenderedFigure {
  /// The file name without its extension, such as `confusion_matrix`.
  let stem: String
  let altText: String
  let width: Double
  let height: Double
  /// Encoded bytes per format, in the order requested.
  let files: [(format: FigureFormat, bytes: [UInt8])]
  /// With `--scale` above 1, the PNG again at that many pixels per point, written as
  /// `stem@Sx.png` beside the 1x `stem.png` for high-density screens.
  var highDensity: (name: String, density: String, bytes: [UInt8])? = nil
}

/// How every command draws its figures into the output folder: the formats asked for, the one
/// the page shows, the pixel density, and whether the page embeds the shown file.
struct FigureFiles: Sendable {
  /// The formats drawn, in order; the shown one is among them.
  let formats: [FigureFormat]
  /// The format the page links or embeds: PNG when it was asked for, else SVG; PDF alone still
  /// gets a PNG to show, drawn first.
  let shown: FigureFormat
  let scale: Double
  let embed: Bool

  init(_ options: OutputOptions) {
    var formats = options.figureFormats.map { FigureFormat(rawValue: $0.rawValue) ?? .png }
    if !formats.contains(.png) && !formats.contains(.svg) {
      formats.insert(.png, at: 0)
    }
    self.formats = formats
    shown = formats.contains(.png) ? .png : .svg
    scale = options.scale.value
    embed = options.embed
  }

  /// `figure` drawn in every format, one after the other.
  ///
  /// Cairo numbers the surfaces of a process in the order they are made, and an SVG file
  /// carries those numbers: drawing in a fixed order makes a run write the same files every
  /// time.
  func render(
    _ figure: some Figure, stem: String, altText: String, metadata: FigureMetadata
  ) throws(PlotError) -> RenderedFigure {
    var files: [(format: FigureFormat, bytes: [UInt8])] = []
    let dense = scale > 1
    for format in formats {
      let pixels = format == .png && dense ? 1 : scale
      files.append((format, try figure.render(as: format, scale: pixels, metadata: metadata)))
    }
    var rendered = RenderedFigure(
      stem: stem, altText: altText, width: figure.size.width, height: figure.size.height,
      files: files)
    if dense, formats.contains(.png) {
      let density = Self.densityName(scale)
      rendered.highDensity = (
        "\(stem)@\(density).png", density,
        try figure.render(as: .png, scale: scale, metadata: metadata)
      )
    }
    return rendered
  }

  /// The figure's files, named `stem.extension`, in the order they were drawn.
  func outputFiles(_ figure: RenderedFigure) -> [OutputFile] {
    figure.files.map {
      OutputFile(name: "\(figure.stem).\($0.format.fileExtension)", bytes: $0.bytes)
    } + (figure.highDensity.map { [OutputFile(name: $0.name, bytes: $0.bytes)] } ?? [])
  }

  /// `2x` for 2, `1.5x` for 1.5: the density as `srcset` and the file name write it.
  static func densityName(_ scale: Double) -> String {
    (scale == scale.rounded() ? String(Int(scale)) : String(scale)) + "x"
  }

  /// What the page shows of `figure`: the shown file, linked or embedded as a data URI, with
  /// the other formats as alternates.
  func reference(_ figure: RenderedFigure, kind: FigureReference.Kind = .other) -> FigureReference {
    // Embedded, the page carries one copy: the high-density one when there is one.
    let dense = shown == .png ? figure.highDensity : nil
    let shownBytes = dense?.bytes ?? figure.files.first { $0.format == shown }?.bytes ?? []
    return FigureReference(
      kind: kind, href: "\(figure.stem).\(shown.fileExtension)",
      alt: figure.altText, width: Int(figure.width), height: Int(figure.height),
      dataURI: embed
        ? "data:\(shown.mimeType);base64,\(Data(shownBytes).base64EncodedString())" : nil,
      highDensity: embed ? nil : dense.map { HighDensityImage(href: $0.name, density: $0.density) },
      alternates: figure.files.filter { $0.format != shown }.map {
        AlternateFormat(
          format: $0.format.rawValue.uppercased(),
          href: "\(figure.stem).\($0.format.fileExtension)")
      })
  }
}
