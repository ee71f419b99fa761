import CCairo

/// DejaVu Sans as a Cairo font face, read straight from its file with FreeType.
///
/// Cairo's toy font API (`cairo_select_font_face`) finds a family through fontconfig, whose
/// first use parses the configuration under /etc/fonts and reads its caches: some 10 ms, a
/// large part of a whole report run. The figures use DejaVu Sans alone, which system packages
/// install at a few known paths, so the face is made from the first of those files that holds
/// it. When none does (or FreeType fails), `dejaVuSans` is nil and `CairoContext` asks
/// fontconfig by family name, as it always did.
///
/// Both ways draw the same glyphs at the same places: what decides them besides the font file
/// (grey anti-aliasing, slight hinting, unhinted metrics) is set on every context by
/// `CairoContext.setTextRendering`, not taken from the fontconfig configuration.
final class FontFace: @unchecked Sendable {
  // The face is created once and never changed or freed. Cairo font faces are reference
  // counted atomically, and Cairo locks the FreeType face under them while it reads glyphs,
  // so any number of threads may draw with it at once.

  /// The family every figure is drawn in.
  static let family = "DejaVu Sans"

  /// DejaVu Sans from its file, or nil when it is at none of the known paths.
  static let dejaVuSans: FontFace? = {
    for path in candidatePaths {
      if let face = FontFace(path: path, family: family) { return face }
    }
    return nil
  }()

  /// Where packages put DejaVuSans.ttf: Debian and Ubuntu (fonts-dejavu-core), Fedora,
  /// Arch Linux, then others (Alpine, openSUSE, FreeBSD, Homebrew).
  static let candidatePaths = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/DejaVuSans.ttf",
    "/usr/local/share/fonts/dejavu/DejaVuSans.ttf",
    "/opt/homebrew/share/fonts/DejaVuSans.ttf",
  ]

  /// The `cairo_font_face_t`.
  let pointer: OpaquePointer

  /// The regular face of `family` in the font file at `path`; nil when the file is missing,
  /// FreeType cannot read it, or it holds another font.
  private init?(path: String, family: String) {
    var library: FT_Library?
    guard FT_Init_FreeType(&library) == 0, let library else { return nil }
    var face: FT_Face?
    guard FT_New_Face(library, path, 0, &face) == 0, let face else {
      FT_Done_FreeType(library)
      return nil
    }
    let record = face.pointee
    guard let name = record.family_name, String(cString: name) == family,
      record.style_flags & FT_Long(FT_STYLE_FLAG_ITALIC | FT_STYLE_FLAG_BOLD) == 0,
      let fontFace = cairo_ft_font_face_create_for_ft_face(face, 0),
      cairo_font_face_status(fontFace) == CAIRO_STATUS_SUCCESS
    else {
      FT_Done_Face(face)
      FT_Done_FreeType(library)
      return nil
    }
    // The FreeType library and face stay open for as long as the process runs, as this
    // object does.
    pointer = fontFace
  }
}
