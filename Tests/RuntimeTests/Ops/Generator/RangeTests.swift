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

    @Test func halfPrecisionComputesInTheStashType() throws {
        func half(_ v: Float) -> Tensor { Tensor(uncheckedType: .float16, shape: [], storage: .bits16([v.float16Bits])) }
        for stash in [1, 11] {
            let r = try runNode("Range", opset: 27, [half(2048), half(2056), half(3)], attributes: [intAttr("stash_type", stash)])[0]
            #expect(r.dataType == .float16 && r.shape == [3])
            // 2051 and 2053 are not float16 values: round to nearest even.
            #expect(r.storage == .bits16([Float(2048).float16Bits, Float(2052).float16Bits, Float(2054).float16Bits]))
        }
        #expect(throws: RuntimeError.self) { try runNode("Range", opset: 27, [half(0), half(1), half(1)], attributes: [intAttr("stash_type", 10)]) }
    }
}
