import XCTest

final class ReportingTestsSmoke: XCTestCase {
  func testNothingYet() {}
}
