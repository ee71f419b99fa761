extension LearningCurveResult {
  /// The summary rows of the model named `model`, fewest labels first, as `summary` orders them.
  public func summary(of model: String) -> [CurveSummary] {
    summary.filter { $0.model == model }
  }
}
