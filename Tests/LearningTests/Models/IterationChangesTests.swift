import DataSets
import Learning
import XCTest

/// One numbering of iterations (issue 17: "Converged in 7 iterations" beside a residual list
/// of 8): the change of iteration k is the k-th of `iterationChanges`, n_iter_ of them when
/// the fit converged.
final class IterationChangesTests: XCTestCase {
  func testAConvergedFitHasOneChangePerIteration() throws {
    let fixture = try Fixtures.modelCase("default")
    let result = try fixture.experiment.run(on: Fixtures.dataSet(for: fixture))
    XCTAssertTrue(result.model.converged)
    XCTAssertEqual(result.model.iterations, 7)
    XCTAssertEqual(result.model.iterationChanges.count, result.model.iterations)
    XCTAssertLessThan(result.model.iterationChanges.last!, fixture.graphModel.tolerance)
    XCTAssertTrue(result.model.iterationChanges.dropLast().allSatisfy { $0 >= 1e-3 })
  }

  func testAFitStoppedByMaxIterMeasuresAllButTheLastUpdate() throws {
    let fixture = try Fixtures.modelCase("not_converged")
    let result = try fixture.experiment.run(on: Fixtures.dataSet(for: fixture))
    XCTAssertFalse(result.model.converged)
    XCTAssertEqual(result.model.iterationChanges.count, result.model.iterations - 1)
  }
}
