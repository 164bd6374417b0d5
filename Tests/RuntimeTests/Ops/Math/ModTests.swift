import OnnxFormat
import Testing
@testable import Runtime

@Suite struct ModTests {
    @Test(arguments: OpFixtures.cases("Math/Mod"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }

    @Test func integerModuloByZeroThrows() {
        let a = Tensor(shape: [2], int64s: [1, 2]), b = Tensor(shape: [2], int64s: [1, 0])
        #expect(throws: RuntimeError.self) { try runNode("Mod", [a, b]) }
    }
}
