import DataSets

extension ActiveLearning {
  /// The rows the rounds run on, to which every round's sample indices refer: `data` shuffled
  /// with `seed`, its first `samples` rows (all without), standardised when `standardize` is set.
  public func selection(of data: DataSet) -> DataSet {
    data.shuffledSelection(
      seed: seed, count: samples ?? data.sampleCount, standardize: standardize
    ).data
  }
}
