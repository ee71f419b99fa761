// libFuzzer harness: the HTML escaper never lets a raw < > " ' through, and unescaping
// gives the input back. Built by scripts/fuzz with the Reporting escaping source.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEscape(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
  let escaped = HTMLEscaping.escape(text)
  for forbidden in ["<", ">", "\"", "'"] where escaped.contains(forbidden) {
    fatalError("escaped text still holds \(forbidden)")
  }
  guard HTMLEscaping.unescape(escaped) == text else { fatalError("round trip failed") }
  return 0
}
