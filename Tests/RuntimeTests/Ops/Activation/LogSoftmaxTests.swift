import OnnxFormat
import Testing
@testable import Runtime

@Suite struct LogSoftmaxTests {
    @Test(arguments: OpFixtures.cases("Activation/LogSoftmax"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }
}
