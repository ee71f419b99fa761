/// The growing byte buffer behind a Cairo stream surface (SVG, PDF).
///
/// The surface that writes into it keeps it alive, so the unretained pointer handed to
/// Cairo as the write callback's closure is valid for every call Cairo makes, including
/// the final ones in `cairo_surface_finish` and `cairo_surface_destroy`.
final class ByteSink {
  var bytes: [UInt8] = []
}

@available(*, unavailable)
extension ByteSink: Sendable {}
