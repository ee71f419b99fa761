import Dispatch

/// A labelled table of samples: numeric features, one class per row or none.
///
/// Features are stored row-major in one flat `Double` array so that the
/// kernels can stream through them without per-row allocation. Classes are
/// stored as indices into `classNames`, which is sorted the way `np.unique`
/// sorts the original labels (numerically for integer labels, by Unicode
/// scalar values for names). A target of `-1` means the row has no label and
/// no ground truth.
public struct DataSet: Sendable, Equatable {
  /// Where the data came from: `digits` or the CSV file's name as given.
  public var source: String
  /// Hex SHA-256 of the bytes the data set was read from.
  public var sha256: String
  /// One name per feature column.
  public var featureNames: [String]
  /// `sampleCount * featureCount` values, row-major.
  public var features: [Double]
  /// Class index per row into `classNames`, or `-1` for an unlabeled row.
  public var targets: [Int]
  /// The distinct class labels, sorted as `np.unique` sorts them.
  public var classNames: [String]
  /// Height and width when each row is an image (8x8 for the digits).
  public var imageShape: ImageShape?
  /// How the CSV file was read (delimiter, decimals, index, ignored columns, missing values).
  public var reading: CSVReading?
  /// The index column and ignored columns, and the file row of each row, when there are
  /// any or rows were dropped; they follow the rows through `subset`.
  public var carried: CarriedColumns?

  public init(
    source: String, sha256: String, featureNames: [String], features: [Double],
    targets: [Int], classNames: [String], imageShape: ImageShape? = nil
  ) {
    precondition(
      targets.isEmpty ? features.isEmpty : features.count % targets.count == 0,
      "features must hold the same number of values for every row")
    self.source = source
    self.sha256 = sha256
    self.featureNames = featureNames
    self.features = features
    self.targets = targets
    self.classNames = classNames
    self.imageShape = imageShape
  }

  /// Number of rows.
  public var sampleCount: Int { targets.count }

  /// Number of feature columns.
  public var featureCount: Int { featureNames.count }

  /// The features of one row.
  public func row(_ index: Int) -> ArraySlice<Double> {
    features[(index * featureCount)..<((index + 1) * featureCount)]
  }

  /// The rows at `indices`, in that order (the way `X[indices]` selects in NumPy).
  ///
  /// Large selections are copied on every core (parts of 8,192 rows), each
  /// row once into an uninitialised array.
  public func subset(_ indices: [Int]) -> DataSet {
    let width = featureCount
    let selected = [Double](unsafeUninitializedCapacity: indices.count * width) {
      buffer, initialized in
      guard width > 0, !indices.isEmpty else {
        initialized = 0
        return
      }
      features.withUnsafeBufferPointer { source in
        indices.withUnsafeBufferPointer { indices in
          let rows = RowCopy(
            target: buffer.baseAddress.unsafelyUnwrapped,
            source: source.baseAddress.unsafelyUnwrapped,
            indices: indices.baseAddress.unsafelyUnwrapped, width: width)
          let partSize = 8_192
          let count = indices.count
          let parts = (count + partSize - 1) / partSize
          let copy = { @Sendable (part: Int) in
            rows.copy((part * partSize)..<min(count, part * partSize + partSize))
          }
          if parts == 1 {
            copy(0)
          } else {
            DispatchQueue.concurrentPerform(iterations: parts, execute: copy)
          }
        }
      }
      initialized = indices.count * width
    }
    var result = DataSet(
      source: source, sha256: sha256, featureNames: featureNames, features: selected,
      targets: indices.map { targets[$0] }, classNames: classNames, imageShape: imageShape)
    result.reading = reading
    result.carried = carried?.subset(indices)
    return result
  }
}

/// Rows of a matrix copied to the rows of another, by a list of source rows.
private struct RowCopy: @unchecked Sendable {
  let target: UnsafeMutablePointer<Double>
  let source: UnsafePointer<Double>
  let indices: UnsafePointer<Int>
  let width: Int

  /// Target rows `rows` from source rows `indices[rows]`.
  func copy(_ rows: Range<Int>) {
    for row in rows {
      (target + row * width).initialize(from: source + indices[row] * width, count: width)
    }
  }
}

/// The pixel layout of a row that is an image.
public struct ImageShape: Sendable, Equatable, CustomStringConvertible {
  public var height: Int
  public var width: Int

  public init(height: Int, width: Int) {
    self.height = height
    self.width = width
  }

  public var description: String { "\(height)x\(width)" }
}
