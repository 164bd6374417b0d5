import OnnxFormat
import Testing
@testable import Runtime

@Suite struct ReduceSumSquareTests {
    @Test(arguments: OpFixtures.cases("Reduction/ReduceSumSquare"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
