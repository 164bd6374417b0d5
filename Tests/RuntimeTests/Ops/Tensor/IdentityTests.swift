import OnnxFormat
import Testing
@testable import Runtime

@Suite struct IdentityTests {
    @Test(arguments: OpFixtures.cases("Tensor/Identity"))
    func fixture(_ name: String) throws { try OpFixtures.check(name) }

    @Test func sequencesAndOptionalsPassThrough() throws {
        let node = NodeInfo(opType: "Identity", opset: 16, inputs: ["x"], outputs: ["y"])
        let op = try #require(try OperatorRegistry.factory(domain: "", opType: "Identity")?(node) as? any ValueOperator)
        let seq = Value.sequence(elementType: .float, [.tensor(Tensor.scalar(Float(1)))])
        #expect(try op.runValues([seq], context: .empty) == [seq])
        #expect(try op.runValues([.optional(nil)], context: .empty) == [.optional(nil)])
        #expect(throws: RuntimeError.self) { try op.runValues([nil], context: .empty) }
    }
}
