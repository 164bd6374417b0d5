import OnnxFormat
import Testing
@testable import Runtime

@Suite struct RangeTests {
    @Test(arguments: OpFixtures.cases("Generator/Range"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }

    @Test func zeroDeltaThrows() {
        #expect(throws: RuntimeError.self) {
            try runNode("Range", [Tensor.scalar(Int64(0)), Tensor.scalar(Int64(5)), Tensor.scalar(Int64(0))])
        }
    }
}
