import Foundation

/// The similarity a graph model puts on each pair of samples.
public enum Kernel: Sendable, Equatable, CustomStringConvertible {
  /// `exp(-gamma * ||x - y||²)`: every pair is connected, nearer pairs more strongly.
  ///
  /// The weights are computed in `Double`: with the digits' squared distances of
  /// several hundred, `gamma = 0.25` gives weights near `exp(-150)`, which `Float`
  /// cannot hold.
  case rbf(gamma: Double)
  /// Each sample is connected to its `neighbors` nearest samples, itself included.
  ///
  /// Ties in distance go to the lower sample index.
  case knn(neighbors: Int)
  /// The `neighbors`-nearest-neighbour graph (the sample itself included, ties
  /// to the lower index), each edge weighted `exp(-gamma * ||x - y||²)`.
  ///
  /// It scales like `knn` and keeps the distances. scikit-learn has no such
  /// kernel; the reference is a callable kernel returning
  /// `NearestNeighbors(K).fit(B).kneighbors_graph(A, K, mode="distance")`
  /// with its data replaced by `exp(-gamma * data**2)`.
  case knnRBF(neighbors: Int, gamma: Double)

  public var name: String {
    switch self {
    case .rbf: "rbf"
    case .knn: "knn"
    case .knnRBF: "knn-rbf"
    }
  }

  /// The RBF width, for the kernels that have one.
  public var gamma: Double? {
    switch self {
    case .rbf(let gamma), .knnRBF(_, let gamma): gamma
    case .knn: nil
    }
  }

  /// The neighbour count, for the kernels that have one.
  public var neighbors: Int? {
    switch self {
    case .knn(let neighbors), .knnRBF(let neighbors, _): neighbors
    case .rbf: nil
    }
  }

  public var description: String {
    switch self {
    case .rbf(let gamma): "rbf(gamma: \(gamma))"
    case .knn(let neighbors): "knn(neighbors: \(neighbors))"
    case .knnRBF(let neighbors, let gamma): "knn-rbf(neighbors: \(neighbors), gamma: \(gamma))"
    }
  }
}

/// A row-major matrix of samples borrowed for the duration of a computation.
struct Samples: @unchecked Sendable {
  let values: UnsafeBufferPointer<Double>
  let count: Int
  let dimension: Int

  @inline(__always)
  func row(_ index: Int) -> UnsafePointer<Double> {
    values.baseAddress.unsafelyUnwrapped + index * dimension
  }
}

/// `sum_k a[k] * b[k]` over `count` values, eight lanes at a time.
@inline(__always)
func dotProduct(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> Double {
  var lanes = SIMD8<Double>()
  var index = 0
  let rawA = UnsafeRawPointer(a)
  let rawB = UnsafeRawPointer(b)
  let stride = MemoryLayout<Double>.stride
  while index + 8 <= count {
    let left = rawA.loadUnaligned(fromByteOffset: index * stride, as: SIMD8<Double>.self)
    let right = rawB.loadUnaligned(fromByteOffset: index * stride, as: SIMD8<Double>.self)
    lanes += left * right
    index += 8
  }
  var total = lanes.sum()
  while index < count {
    total += a[index] * b[index]
    index += 1
  }
  return total
}

/// `sum_k (a[k] - b[k])²`, computed from the differences (no cancellation).
@inline(__always)
func squaredDistance(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int)
  -> Double
{
  var lanes = SIMD8<Double>()
  var index = 0
  let rawA = UnsafeRawPointer(a)
  let rawB = UnsafeRawPointer(b)
  let stride = MemoryLayout<Double>.stride
  while index + 8 <= count {
    let left = rawA.loadUnaligned(fromByteOffset: index * stride, as: SIMD8<Double>.self)
    let right = rawB.loadUnaligned(fromByteOffset: index * stride, as: SIMD8<Double>.self)
    let difference = left - right
    lanes += difference * difference
    index += 8
  }
  var total = lanes.sum()
  while index < count {
    let difference = a[index] - b[index]
    total += difference * difference
    index += 1
  }
  return total
}

/// Squared Euclidean distance the way scikit-learn's `euclidean_distances` forms it.
///
/// `(-2 x·y + ||x||²) + ||y||²`, clipped at zero. For integer features (the
/// digits) every term is an exact integer, so the result is exact; for other
/// data it matches scikit-learn's rounding more closely than summing differences.
@inline(__always)
func expandedSquaredDistance(dot: Double, normA: Double, normB: Double) -> Double {
  max((-2 * dot + normA) + normB, 0)
}

/// `||x||²` of every sample; throws when the features are too large to square.
func squaredNorms(_ samples: Samples) throws(LearningError) -> [Double] {
  // On every core in parts of 8,192 rows; then checked in order, so the first
  // sample whose norm overflows is the one named.
  let count = samples.count
  let norms = [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
    let output = SharedBuffer(buffer)
    let partSize = 8_192
    forEachPart((count + partSize - 1) / partSize) { part in
      for index in (part * partSize)..<min(count, part * partSize + partSize) {
        let row = samples.row(index)
        output[index] = dotProduct(row, row, samples.dimension)
      }
    }
    initialized = count
  }
  var largest = 0.0
  for index in 0..<count {
    let norm = norms[index]
    guard norm.isFinite else { throw LearningError.distanceOverflow(sample: index) }
    largest = max(largest, norm)
  }
  // ||x - y||² <= 2 (||x||² + ||y||²): if that bound overflows, distances may too.
  guard (4 * largest).isFinite else {
    let index = norms.firstIndex(of: largest) ?? 0
    throw LearningError.distanceOverflow(sample: index)
  }
  return norms
}
