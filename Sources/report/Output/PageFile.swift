import Foundation
import Reporting

extension TemplateSet {
  /// `document` rendered as its page's file, `report.html`, `learning_curve.html`, ...
  ///
  /// A document the page cannot show is the data's failure (65); a template the folder lacks
  /// is the input's (66).
  func page<Kind: PageKind>(_ document: PageDocument<Kind>) throws -> OutputFile {
    do {
      let html = try renderer.render(document)
      return OutputFile(name: Kind.page.rawValue + ".html", bytes: Array(html.utf8))
    } catch {
      let exitCode: Int32 = if case .invalidDocument = error { 65 } else { 66 }
      throw Failure(exitCode: exitCode, message: error.description)
    }
  }
}
