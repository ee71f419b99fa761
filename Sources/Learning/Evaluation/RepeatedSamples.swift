import DataSets

extension DataSet {
  /// Each sample whose features equal an earlier sample's exactly, with the first such sample.
  public func repeatedSamples() -> [(sample: Int, earlier: Int)] {
    var first: [ArraySlice<Double>: Int] = [:]
    first.reserveCapacity(sampleCount)
    var repeats: [(sample: Int, earlier: Int)] = []
    for index in 0..<sampleCount {
      if let earlier = first[row(index)] {
        repeats.append((index, earlier))
      } else {
        first[row(index)] = index
      }
    }
    return repeats
  }
}

/// The warning about repeated samples, naming them by their row in the data file's order.
///
/// `sourceIndices[sample]` is the sample's row in the data set before shuffling;
/// at most five pairs are named.
func repeatedSamplesWarning(_ repeats: [(sample: Int, earlier: Int)], sourceIndices: [Int])
  -> String?
{
  guard !repeats.isEmpty else { return nil }
  let named = repeats.prefix(5).map {
    "row \(sourceIndices[$0.sample]) = row \(sourceIndices[$0.earlier])"
  }
  let more = repeats.count > 5 ? " and \(repeats.count - 5) more" : ""
  let subject = repeats.count == 1 ? "1 sample repeats" : "\(repeats.count) samples repeat"
  return "\(subject) an earlier sample's features exactly (rows of the data, from 0): "
    + named.joined(separator: ", ") + more
}
