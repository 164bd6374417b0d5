import OnnxFormat
import Testing
@testable import Runtime

@Suite struct ReduceL2Tests {
    @Test(arguments: OpFixtures.cases("Reduction/ReduceL2"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
