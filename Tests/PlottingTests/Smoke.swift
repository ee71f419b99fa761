import XCTest

final class PlottingTestsSmoke: XCTestCase {
  func testNothingYet() {}
}
