// libFuzzer harness: CSV bytes in, a data set or a typed error out, never a trap.
// Built by scripts/fuzz together with the DataSets sources (not part of `swift test`).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let bytes = [UInt8](UnsafeRawBufferPointer(start: start, count: count))
  DataSet.fuzzParse(bytes)
  return 0
}
