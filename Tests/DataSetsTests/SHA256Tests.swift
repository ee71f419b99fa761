import XCTest

@testable import DataSets

/// SHA-256 against FIPS 180-4 vectors, padding boundaries and the project's digits file.
final class SHA256Tests: XCTestCase {
  func testStandardVectors() {
    XCTAssertEqual(
      SHA256.hex([]), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    XCTAssertEqual(
      SHA256.hex(Array("abc".utf8)),
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    XCTAssertEqual(
      SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    XCTAssertEqual(
      SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)),
      "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  /// Lengths around the 55/56-byte padding split and the 64-byte block size.
  func testPaddingBoundaries() {
    let expected = [
      55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
      56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
      63: "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
      64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
      65: "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0",
      119: "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb",
      120: "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c",
    ]
    for (count, hex) in expected {
      XCTAssertEqual(
        SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: count)), hex, "\(count)")
    }
    XCTAssertEqual(SHA256.digest(Array("abc".utf8)).count, 32)
  }

  /// Both compression variants against the FIPS 180-4 vectors and lengths around the
  /// block boundaries (where the C blocks and the Swift padding meet).
  func testBothVariants() {
    let vectors: [(message: [UInt8], hex: String)] = [
      ([], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
      (Array("abc".utf8), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
      (
        Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
      ),
      (
        [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000),
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
      ),
      (
        [UInt8](repeating: UInt8(ascii: "a"), count: 55),
        "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"
      ),
      (
        [UInt8](repeating: UInt8(ascii: "a"), count: 64),
        "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"
      ),
      (
        [UInt8](repeating: UInt8(ascii: "a"), count: 120),
        "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"
      ),
    ]
    for variant in [SHA256.Variant.portable, .extensions] {
      for (message, hex) in vectors {
        let digest = message.withUnsafeBufferPointer { SHA256.digest($0, variant: variant) }
        XCTAssertEqual(Self.hex(digest), hex, "\(variant) \(message.count) bytes")
      }
    }
  }

  /// The variants agree on every length from 0 to 300 and on one of many 8 MB steps,
  /// with bytes that are not all alike.
  func testVariantsAgree() {
    var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
    let bytes = (0..<((1 << 23) + 4_100)).map { _ -> UInt8 in
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return UInt8(truncatingIfNeeded: seed >> 56)
    }
    bytes.withUnsafeBufferPointer { all in
      for count in Array(0...300) + [all.count] {
        let part = UnsafeBufferPointer(rebasing: all[0..<count])
        var portableSteps: [Int] = []
        var extensionSteps: [Int] = []
        let portable = SHA256.digest(part, variant: .portable) { portableSteps.append($0) }
        let extensions = SHA256.digest(part, variant: .extensions) { extensionSteps.append($0) }
        XCTAssertEqual(portable, extensions, "\(count) bytes")
        XCTAssertEqual(portableSteps, extensionSteps)
        XCTAssertEqual(portableSteps, count >= 1 << 23 ? [1 << 23] : [], "\(count) bytes")
      }
    }
  }

  /// On a processor with the SHA extensions (`sha_ni` in /proc/cpuinfo) they are chosen.
  func testExtensionsChosenWhereAvailable() throws {
    guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else {
      throw XCTSkip("no /proc/cpuinfo")
    }
    let flags = info.split(separator: "\n").first { $0.hasPrefix("flags") } ?? ""
    let available = flags.split(separator: " ").contains("sha_ni")
    XCTAssertEqual(SHA256.Variant.best, available ? .extensions : .portable)
  }

  private static func hex(_ digest: [UInt8]) -> String {
    let digits = Array("0123456789abcdef")
    return String(digest.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
  }

  func testDigitsFile() throws {
    // Tests/DataSetsTests/<this file> → ../../data/digits.csv
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../data/digits.csv").standardizedFileURL
    let bytes = [UInt8](try Data(contentsOf: url))
    XCTAssertEqual(
      SHA256.hex(bytes), "6ebb3d2fee246a4e99363262ddf8a00a3c41bee6014c373ed9d9216ba7f651b8")
  }
}
