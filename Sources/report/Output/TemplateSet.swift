import Foundation
import Reporting

/// The templates the page is rendered with, checked before any work is done.
struct TemplateSet {
  let renderer: HTMLReportRenderer

  /// The user's folder, or the project's `templates/` found beside the program or its sources;
  /// only the templates of `page` (and the partials they include) are read and checked.
  static func load(path: String?, page: HTMLReportRenderer.Page) throws -> TemplateSet {
    let folder: URL
    if let path {
      folder = URL(fileURLWithPath: path)
    } else if let found = HTMLReportRenderer.defaultTemplatesDirectory() {
      folder = found
    } else {
      throw Failure(
        exitCode: 66,
        message: "cannot find the templates folder (templates/report.mustache); "
          + "pass --templates DIR")
    }
    do {
      return TemplateSet(
        renderer: try HTMLReportRenderer(templatesDirectory: folder, pages: [page]))
    } catch {
      throw Failure(exitCode: 66, message: error.description)
    }
  }
}
