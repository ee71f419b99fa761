import Foundation
import Learning
import Reporting

/// `predictions.csv`, one row per sample, written as bytes on every core.
///
/// The text is the one `CSVText.line` makes of the fields (RFC 4180 quoting, formulas made
/// inert): names go through `CSVText.field` once, and numbers, which it leaves as they are,
/// are appended directly. The rows are made in blocks of 16,384 on whichever core is free
/// and joined in order.
extension MachineReadable {
  /// Rows per block.
  static let predictionBlockRows = 16_384

  func predictionsCSV() -> [UInt8] {
    let reading = DataReadingText(data: result.data)
    let names = result.data.classNames
    let columns =
      ["index", "source_index", "labeled", "true", "predicted", "entropy"]
      + result.model.classes.map { "p_" + names[$0] } + ["no_label_reached"]
    let header = CSVText.line(
      Array(columns.prefix(2)) + reading.carriedHeader(avoiding: columns) + columns.dropFirst(2))
    let fieldNames = names.map { Array(CSVText.field($0).utf8) }
    let count = result.data.sampleCount
    let blocks = (count + Self.predictionBlockRows - 1) / Self.predictionBlockRows
    let texts =
      (try? concurrentMap(Array(0..<blocks)) { block in
        predictionRows(
          (block * Self.predictionBlockRows)..<min(count, (block + 1) * Self.predictionBlockRows),
          reading: reading, fieldNames: fieldNames)
      }) ?? []
    var bytes = Array(header.utf8)
    bytes.reserveCapacity(bytes.count + texts.reduce(0) { $0 + $1.count })
    for text in texts { bytes += text }
    return bytes
  }

  /// `JSONValue.number(value)`'s text; the most common values, 0 and 1 (most
  /// distributions of a confident run), without making a string.
  @inline(__always)
  private func appendNumber(_ value: Double, to bytes: inout [UInt8]) {
    if value == 0 {  // -0 too, as JSONValue writes it
      bytes += [UInt8(ascii: "0"), UInt8(ascii: "."), UInt8(ascii: "0")]
    } else if value == 1 {
      bytes += [UInt8(ascii: "1"), UInt8(ascii: "."), UInt8(ascii: "0")]
    } else {
      bytes += JSONValue.number(value).utf8
    }
  }

  /// The lines of samples `range`.
  private func predictionRows(
    _ range: Range<Int>, reading: DataReadingText, fieldNames: [[UInt8]]
  ) -> [UInt8] {
    let comma = UInt8(ascii: ",")
    let carried = result.data.carried != nil
    var bytes: [UInt8] = []
    bytes.reserveCapacity(range.count * (24 + 12 * (result.model.classes.count + 1)))
    for sample in range {
      bytes += String(sample).utf8
      bytes.append(comma)
      bytes += String(DataReadingText.fileRow(result, sample)).utf8
      bytes.append(comma)
      if carried {
        for field in reading.carriedFields(sample) {
          bytes += CSVText.field(field).utf8
          bytes.append(comma)
        }
      }
      bytes.append(result.trainingLabels[sample] == -1 ? UInt8(ascii: "0") : UInt8(ascii: "1"))
      bytes.append(comma)
      let truth = result.data.targets[sample]
      if truth != -1 { bytes += fieldNames[truth] }
      bytes.append(comma)
      bytes += fieldNames[result.transduction[sample]]
      bytes.append(comma)
      appendNumber(result.entropies[sample], to: &bytes)
      for probability in result.model.distribution(sample) {
        bytes.append(comma)
        appendNumber(probability, to: &bytes)
      }
      bytes.append(comma)
      bytes.append(
        result.model.hasEmptyDistribution(sample) ? UInt8(ascii: "1") : UInt8(ascii: "0"))
      bytes.append(13)
      bytes.append(10)
    }
    return bytes
  }
}
