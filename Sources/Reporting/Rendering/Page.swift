import Foundation

extension HTMLReportRenderer {
  /// The pages a renderer renders, each from its own template in the folder.
  ///
  /// A page's case names its template (`learning_curve` is `learning_curve.mustache`); its
  /// `PageKind` names the case (`PageKind.page`).
  public enum Page: String, Sendable, CaseIterable {
    /// `report.mustache`, for a `ReportDocument`.
    case report
    /// `learning_curve.mustache`, for a `CurveDocument`.
    case learningCurve = "learning_curve"
    /// `active_learning.mustache`, for an `ActiveLearningDocument`.
    case activeLearning = "active_learning"
    /// `tuning.mustache`, for a `TuningDocument`.
    case tuning
    /// `queries.mustache`, for a `QueriesDocument`.
    case queries
  }
}

extension HTMLReportRenderer.Page {
  /// The template's name in the folder, without `.mustache`.
  var templateName: String { rawValue }

  /// The page's name in messages.
  private var displayName: String {
    switch self {
    case .report: "report"
    case .learningCurve: "learning-curve"
    case .activeLearning: "active-learning"
    case .tuning: "tuning"
    case .queries: "queries"
    }
  }

  /// The error for a templates folder in `directory` without this page's template.
  ///
  /// The report's template is the one every folder must have (`mainTemplateMissing`); the
  /// other pages name the file they need.
  func templateMissing(in directory: URL) -> ReportingError {
    let folder = directory.standardizedFileURL
    guard self != .report else { return .mainTemplateMissing(path: folder.path) }
    return .templateUnreadable(
      path: folder.appendingPathComponent(templateName + ".mustache").path,
      reason: "the file does not exist; the \(displayName) page needs it")
  }
}
