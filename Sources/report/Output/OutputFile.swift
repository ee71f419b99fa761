/// A file of the output folder, ready to be written.
struct OutputFile {
  let name: String
  let bytes: [UInt8]
}
