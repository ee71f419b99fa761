extension DataSet {
  /// The data set with every feature column centred and scaled to unit variance,
  /// exactly as scikit-learn's `StandardScaler().fit_transform` does (see `StandardScaler`).
  public func standardized() -> DataSet {
    guard sampleCount > 0, featureCount > 0 else { return self }
    var copy = self
    copy.features = StandardScaler(fitting: self).transform(features)
    return copy
  }

  /// The number of rows whose features equal those of an earlier row.
  public func duplicateRowCount() -> Int {
    var seen = Set<ArraySlice<Double>>()
    seen.reserveCapacity(sampleCount)
    var duplicates = 0
    for index in 0..<sampleCount where !seen.insert(row(index)).inserted {
      duplicates += 1
    }
    return duplicates
  }
}
