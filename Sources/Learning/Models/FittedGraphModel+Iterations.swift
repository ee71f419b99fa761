extension FittedGraphModel {
  /// The change each iteration made, `sum |F_k - F_(k-1)|` for iteration k = 1, 2, ...:
  /// element `i` belongs to iteration `i + 1`, numbered as `n_iter_` counts them.
  ///
  /// scikit-learn tests the change before each update; its first test compares the
  /// starting distributions with zeros and is no iteration's change, so it is left out.
  /// A converged fit has `iterations` of them, the last below the tolerance; a fit that
  /// `max_iter` stopped has `iterations - 1`, since the last update's change is never tested.
  public var iterationChanges: [Double] { Array(residuals.dropFirst()) }
}
