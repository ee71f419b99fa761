import Reporting
import XCTest

final class HTMLEscapingTests: XCTestCase {
  private let trickyStrings = [
    "",
    "plain",
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "' onmouseover='x",
    "&amp;",
    "&amp;lt;",
    "&#39;&#x27;&quot;",
    "&#x202E;",
    "&",
    "&;",
    "&#;",
    "&#x;",
    "& amp;",
    "{{x}}",
    "{{{x}}}",
    "line\u{2028}separator\u{2029}paragraph",
    "\u{202E}evil\u{202C}",
    "\u{2066}isolate\u{2069}\u{200F}\u{061C}",
    "\"\u{301} onmouseover=alert(1) x=\"",
    "'\u{301}",
    "<\u{338}",
    "\u{301}leading combining mark",
    "e\u{301} vs \u{E9}",
    "\r\n\t\0\u{1}\u{7F}\u{80}\u{9F}",
    "日本語 العربية עברית",
    "👩‍👩‍👧 🇫🇷",
    "\u{A0}&nbsp;",
  ]

  func testEscapedTextHoldsNoSpecialCharacter() {
    for text in trickyStrings {
      let escaped = HTMLEscaping.escape(text)
      for special: Unicode.Scalar in ["<", ">", "\"", "'", "\u{202E}", "\u{2028}", "\u{2029}"] {
        XCTAssertFalse(
          escaped.unicodeScalars.contains(special), "\(special) left in \(escaped.debugDescription)"
        )
      }
    }
  }

  func testUnescapeInvertsEscapeScalarForScalar() {
    for text in trickyStrings {
      let roundTrip = HTMLEscaping.unescape(HTMLEscaping.escape(text))
      XCTAssertEqual(
        Array(roundTrip.unicodeScalars), Array(text.unicodeScalars), text.debugDescription)
    }
  }

  func testUnescapeInvertsEscapeForRandomScalars() {
    var generator = SplitMix64(seed: 42)
    let alphabet: [Unicode.Scalar] = [
      "&", "<", ">", "\"", "'", "#", "x", ";", "a", "m", "p", "3", "9", "\u{301}", "\u{202E}",
      "\u{2028}", " ", "\n", "\u{1F600}",
    ]
    for _ in 0..<2000 {
      var text = ""
      for _ in 0..<Int.random(in: 0...12, using: &generator) {
        text.unicodeScalars.append(alphabet.randomElement(using: &generator)!)
      }
      let escaped = HTMLEscaping.escape(text)
      XCTAssertFalse(escaped.unicodeScalars.contains { "<>\"'".unicodeScalars.contains($0) })
      XCTAssertEqual(
        Array(HTMLEscaping.unescape(escaped).unicodeScalars), Array(text.unicodeScalars),
        text.debugDescription)
    }
  }

  func testEscapeWritesTheExpectedReferences() {
    XCTAssertEqual(
      HTMLEscaping.escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;")
    XCTAssertEqual(HTMLEscaping.escape("\u{202E}x\u{2028}"), "&#x202E;x&#x2028;")
    XCTAssertEqual(HTMLEscaping.escape("&amp;"), "&amp;amp;")
    XCTAssertEqual(HTMLEscaping.escape("\"\u{301}"), "&quot;\u{301}")
    XCTAssertEqual(HTMLEscaping.escape("é 日本 🇫🇷"), "é 日本 🇫🇷")
  }

  func testUnescapeDecodesCommonReferencesAndKeepsTheRest() {
    XCTAssertEqual(
      HTMLEscaping.unescape("&lt;&gt;&amp;&quot;&apos;&#39;&#x27;&#X41;&#65;&nbsp;"),
      "<>&\"'''AA\u{A0}")
    XCTAssertEqual(HTMLEscaping.unescape("&amp;lt;"), "&lt;")
    XCTAssertEqual(
      HTMLEscaping.unescape("AT&T &copy; &#xZZ; &#; & ;"), "AT&T &copy; &#xZZ; &#; & ;")
    XCTAssertEqual(HTMLEscaping.unescape("&#xD800;&#x110000;"), "&#xD800;&#x110000;")
  }
}

/// A small seeded generator, so the random round trip checks the same strings every run.
struct SplitMix64: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var mixed = state
    mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
    mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
    return mixed ^ (mixed >> 31)
  }
}
