import OnnxFormat
import Testing
@testable import Runtime

@Suite struct LessTests {
    @Test(arguments: OpFixtures.cases("Logic/Less"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
