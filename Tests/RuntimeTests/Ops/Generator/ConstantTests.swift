import OnnxFormat
import Testing
@testable import Runtime

@Suite struct ConstantTests {
    @Test(arguments: OpFixtures.cases("Generator/Constant"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
