import OnnxFormat
import Testing
@testable import Runtime

@Suite struct ReduceMeanTests {
    @Test(arguments: OpFixtures.cases("Reduction/ReduceMean"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
