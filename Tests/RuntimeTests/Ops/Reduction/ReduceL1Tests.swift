import OnnxFormat
import Testing
@testable import Runtime

@Suite struct ReduceL1Tests {
    @Test(arguments: OpFixtures.cases("Reduction/ReduceL1"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
