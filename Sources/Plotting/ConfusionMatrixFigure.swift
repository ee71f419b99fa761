/// A confusion-matrix heatmap with a colorbar, drawn as scikit-learn's
/// `ConfusionMatrixDisplay.plot()` draws it with its defaults (viridis, nearest cells,
/// every cell annotated, horizontal tick labels).
///
/// Rows are true labels, columns predicted labels, row 0 at the top. The colour of a cell
/// is viridis at `(v - min) / (max - min)` over the matrix; the annotation is light
/// (viridis at 1) on cells below `(max + min) / 2` and dark (viridis at 0) otherwise.
public struct ConfusionMatrixFigure: Figure, CanvasFigure {
  /// How counts are turned into fractions, as scikit-learn's `normalize` parameter.
  public enum Normalization: String, Sendable, CaseIterable {
    /// Each row divided by its sum (recall per class); `normalize="true"`.
    case trueLabel = "true"
    /// Each column divided by its sum (precision per class); `normalize="pred"`.
    case predictedLabel = "pred"
    /// Every cell divided by the total; `normalize="all"`.
    case all
  }

  /// Counts, `counts[trueClass][predictedClass]`, square.
  public var counts: [[Int]]
  /// One name per class, used for both axes.
  public var labels: [String]
  public var normalize: Normalization?
  /// An optional title above the matrix (12 pt, like `ax.set_title`).
  public var title: String?
  public var size: FigureSize

  public init(
    counts: [[Int]], labels: [String], normalize: Normalization? = nil, title: String? = nil,
    size: FigureSize = .matplotlibDefault
  ) {
    self.counts = counts
    self.labels = labels
    self.normalize = normalize
    self.title = title
    self.size = size
  }

  public func render(
    as format: FigureFormat, scale: Double = 1, metadata: FigureMetadata = FigureMetadata()
  ) throws(PlotError) -> [UInt8] {
    try renderFigure(as: format, scale: scale, metadata: metadata)
  }

  var accessibleTitle: String { title ?? "Confusion matrix" }

  func validate() throws(PlotError) {
    let classes = counts.count
    guard classes > 0 else { throw PlotError.invalid("the confusion matrix is empty") }
    for (index, row) in counts.enumerated() where row.count != classes {
      throw PlotError.invalid(
        "the confusion matrix must be square: row \(index) has \(row.count) cells, not \(classes)")
    }
    guard labels.count == classes else {
      throw PlotError.invalid("\(labels.count) labels for a \(classes) x \(classes) matrix")
    }
    if counts.contains(where: { $0.contains { $0 < 0 } }) {
      throw PlotError.invalid("confusion matrix counts cannot be negative")
    }
  }

  /// The values shown: the counts, or fractions as scikit-learn's `confusion_matrix`
  /// computes them, where a zero sum gives 0 (its `np.nan_to_num` of 0/0).
  public var values: [[Double]] {
    let matrix = counts.map { $0.map(Double.init) }
    func divided(_ value: Double, by total: Double) -> Double {
      total == 0 ? 0 : value / total
    }
    switch normalize {
    case nil:
      return matrix
    case .trueLabel:
      return matrix.map { row in
        let total = row.reduce(0, +)
        return row.map { divided($0, by: total) }
      }
    case .predictedLabel:
      let columnTotals = (0..<(matrix.first?.count ?? 0)).map { column in
        matrix.reduce(0) { $0 + $1[column] }
      }
      return matrix.map { row in
        row.enumerated().map { divided($0.element, by: columnTotals[$0.offset]) }
      }
    case .all:
      let total = matrix.joined().reduce(0, +)
      return matrix.map { row in row.map { divided($0, by: total) } }
    }
  }

  /// The text written in each cell, as scikit-learn formats it.
  public var cellTexts: [[String]] {
    values.map { row in row.map { confusionCellText($0, integral: normalize == nil) } }
  }

  /// The same figure through the shared heatmap drawing.
  var heatmap: HeatmapFigure {
    HeatmapFigure(
      values: values, cellTexts: cellTexts, rowLabels: labels, columnLabels: labels,
      xLabel: "Predicted label", yLabel: "True label", title: title, size: size)
  }

  func draw(on canvas: Canvas) throws(PlotError) {
    try heatmap.draw(on: canvas)
  }
}
