import OnnxFormat
import Testing
@testable import Runtime

@Suite struct EyeLikeTests {
    @Test(arguments: OpFixtures.cases("Generator/EyeLike"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
