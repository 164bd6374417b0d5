import OnnxFormat
import Testing
@testable import Runtime

@Suite struct XorTests {
    @Test(arguments: OpFixtures.cases("Logic/Xor"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
