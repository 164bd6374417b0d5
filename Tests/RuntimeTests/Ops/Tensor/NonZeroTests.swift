import OnnxFormat
import Testing
@testable import Runtime

@Suite struct NonZeroTests {
    @Test(arguments: OpFixtures.cases("Tensor/NonZero"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
