// Temporary until the CSV work lands (it brings the real versions).
extension DataSet {
  public func standardized() -> DataSet {
    var copy = self
    let n = sampleCount
    let d = featureCount
    for column in 0..<d {
      var mean = 0.0
      for row in 0..<n { mean += features[row * d + column] }
      mean /= Double(n)
      var variance = 0.0
      for row in 0..<n {
        let delta = features[row * d + column] - mean
        variance += delta * delta
      }
      variance /= Double(n)
      let scale = variance == 0 ? 1 : variance.squareRoot()
      for row in 0..<n { copy.features[row * d + column] = (features[row * d + column] - mean) / scale }
    }
    return copy
  }

  public func duplicateRowCount() -> Int {
    var seen = Set<[Double]>()
    var duplicates = 0
    for index in 0..<sampleCount where !seen.insert(Array(row(index))).inserted { duplicates += 1 }
    return duplicates
  }
}
