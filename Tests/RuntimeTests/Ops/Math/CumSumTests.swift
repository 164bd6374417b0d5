import OnnxFormat
import Testing
@testable import Runtime

@Suite struct CumSumTests {
    @Test(arguments: OpFixtures.cases("Math/CumSum"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }

    @Test func axisOutOfRangeThrows() {
        let x = Tensor(shape: [2], floats: [1, 2])
        #expect(throws: RuntimeError.self) { try runNode("CumSum", [x, Tensor.scalar(Int64(1))]) }
    }
}
