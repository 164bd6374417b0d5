import OnnxFormat
import Testing
@testable import Runtime

@Suite struct ReduceMaxTests {
    @Test(arguments: OpFixtures.cases("Reduction/ReduceMax"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }

    @Test func boolAndEmptyIntegerSets() throws {
        let b = Tensor(uncheckedType: .bool, shape: [2, 2], storage: .bool([false, true, false, false]))
        let axis = Tensor(shape: [1], int64s: [1])
        #expect(try runNode("ReduceMax", opset: 20, [b, axis])[0].storage == .bool([true, false]))
        #expect(try runNode("ReduceMin", opset: 20, [b, axis])[0].storage == .bool([false, false]))
        // An empty set gives the type's lowest value for max, highest for min.
        let e = Tensor(uncheckedType: .int8, shape: [2, 0], storage: .int8([]))
        #expect(try runNode("ReduceMax", opset: 20, [e, axis])[0].storage == .int8([-128, -128]))
        #expect(try runNode("ReduceMin", opset: 20, [e, axis])[0].storage == .int8([127, 127]))
        let eu = Tensor(uncheckedType: .uint64, shape: [1, 0], storage: .uint64([]))
        #expect(try runNode("ReduceMin", opset: 20, [eu, axis])[0].storage == .uint64([UInt64.max]))
        let eb = Tensor(uncheckedType: .bool, shape: [1, 0], storage: .bool([]))
        #expect(try runNode("ReduceMin", opset: 20, [eb, axis])[0].storage == .bool([true]))
        #expect(throws: RuntimeError.self) { try runNode("ReduceSum", opset: 20, [b, axis]) }
    }
}
