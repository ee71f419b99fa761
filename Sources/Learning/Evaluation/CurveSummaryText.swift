import Foundation

extension CurveSummary {
  /// The learning curve as the terminal shows it: one line per model and count,
  /// the model name left-aligned, each number right-aligned under its heading.
  public static func text(_ rows: [CurveSummary]) -> String {
    let nameWidth = max(rows.map(\.model.count).max() ?? 0, "model".count)
    func left(_ text: String) -> String {
      text + String(repeating: " ", count: max(0, nameWidth - text.count))
    }
    func right(_ text: String) -> String {
      String(repeating: " ", count: max(0, 8 - text.count)) + text
    }
    var text = left("model") + ["labeled", "mean", "min", "max"].map { " " + right($0) }.joined()
    text += "\n"
    for row in rows {
      let numbers = [
        "\(row.labeled)", String(format: "%.3f", row.mean), String(format: "%.3f", row.minimum),
        String(format: "%.3f", row.maximum),
      ]
      text += left(row.model) + numbers.map { " " + right($0) }.joined() + "\n"
    }
    return text
  }
}
