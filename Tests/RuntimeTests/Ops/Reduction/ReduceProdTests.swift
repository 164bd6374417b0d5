import OnnxFormat
import Testing
@testable import Runtime

@Suite struct ReduceProdTests {
    @Test(arguments: OpFixtures.cases("Reduction/ReduceProd"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
