import OnnxFormat
import Testing
@testable import Runtime

@Suite struct CeilTests {
    @Test(arguments: OpFixtures.cases("Math/Ceil"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
