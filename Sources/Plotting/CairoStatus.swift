import CCairo

/// Throws `PlotError.cairo` unless `status` is `CAIRO_STATUS_SUCCESS`.
///
/// Cairo records the first failure on the object (surface, context, pattern) and turns
/// every later call on it into a no-op, so checking after creation, after the drawing and
/// after `finish` catches every failure without checking each call.
func checkCairo(_ status: cairo_status_t, _ operation: String) throws(PlotError) {
  guard status != CAIRO_STATUS_SUCCESS else { return }
  throw PlotError.cairo(
    operation: operation, status: Int(status.rawValue),
    message: String(cString: cairo_status_to_string(status)))
}
