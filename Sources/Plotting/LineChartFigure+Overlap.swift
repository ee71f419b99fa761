/// Keeping what overlaps readable: series drawn exactly on top of each other, and tick
/// labels that would run into each other.
extension LineChartFigure {
  /// For each series, the first earlier series it hides, if any: the same x values, and
  /// every point within `pixels` of the other's once `place` puts them on the figure.
  ///
  /// The later series is drawn over the earlier one, so its legend entry says so.
  func coincidentSeries(place: (Double, Double) -> Point, pixels: Double = 1.5) -> [Int?] {
    series.indices.map { later in
      series.indices.prefix(later).first { earlier in
        let a = series[earlier]
        let b = series[later]
        guard a.x == b.x, a.y.count == b.y.count else { return false }
        return a.x.indices.allSatisfy { index in
          let p = place(a.x[index], a.y[index])
          let q = place(b.x[index], b.y[index])
          return abs(p.x - q.x) <= pixels && abs(p.y - q.y) <= pixels
        }
      }
    }
  }

  /// The legend text of series `index`: its label, and on a second line the series it hides.
  func legendLabel(_ index: Int, coincident: [Int?]) -> String {
    guard let earlier = coincident[index], !series[earlier].label.isEmpty else {
      return series[index].label
    }
    return "\(series[index].label)\n(drawn over \(series[earlier].label))"
  }

  /// The marker size of series `index`: 3.5 points, and 0.6 of it for a series drawn over
  /// another, so that the other's marker shows around it.
  func markerRadius(_ index: Int, coincident: [Int?]) -> Double {
    Layout.points(3.5) * (coincident[index] == nil ? 1 : 0.6)
  }

  /// The marker of series `index`: its own, else circle, square, triangle, diamond in turn.
  func markerShape(_ index: Int) -> MarkerShape {
    series[index].marker ?? MarkerShape.allCases[index % MarkerShape.allCases.count]
  }
}

extension Canvas {
  /// Which of the labels centred at `centers` can be drawn without touching the previous
  /// one drawn (a gap of a third of the font size), from left to right.
  func nonOverlappingLabels(_ labels: [TickLabel], centers: [Double]) -> [Bool] {
    var lastRight = -Double.infinity
    var keep: [Bool] = []
    for (label, center) in zip(labels, centers) {
      let width: Double
      switch label {
      case .plain(let text): width = measure(text, fontSize: Layout.fontSize).width
      case .powerOfTen: width = 2 * Layout.fontSize
      }
      let left = center - width / 2
      if left >= lastRight + Layout.fontSize / 3 {
        keep.append(true)
        lastRight = center + width / 2
      } else {
        keep.append(false)
      }
    }
    return keep
  }
}
