import XCTest

final class ReportTestsSmoke: XCTestCase {
  func testNothingYet() {}
}
