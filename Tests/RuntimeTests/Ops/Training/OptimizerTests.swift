import OnnxFormat
import Testing
@testable import Runtime

/// The ai.onnx.preview.training optimizers, on hand-computed steps.
@Suite struct OptimizerTests {
    static func run(_ op: String, _ attrs: [Onnx_AttributeProto], _ inputs: [Tensor], outputs: Int) throws -> [Tensor] {
        let node = NodeInfo(opType: op, domain: "ai.onnx.preview.training", opset: 1, inputs: inputs.indices.map { "in\($0)" },
                            outputs: (0..<outputs).map { "out\($0)" }, attributes: attrs)
        let factory = try #require(OperatorRegistry.factory(domain: "ai.onnx.preview.training", opType: op))
        return try factory(node).run(inputs)
    }
    static func floatAttr(_ name: String, _ v: Float) -> Onnx_AttributeProto { NNTest.attr(name, v) }
    static func f(_ v: [Float]) -> Tensor { Tensor(shape: [v.count], floats: v) }
    static let r = Tensor.scalar(Float(0.1))

    @Test func registeredInTheTrainingDomainOnly() {
        #expect(OperatorRegistry.factory(domain: "ai.onnx.preview.training", opType: "Adam") != nil)
        #expect(OperatorRegistry.factory(domain: "", opType: "Adam") == nil)
    }

    @Test func momentumStandardAndNesterov() throws {
        let attrs = [Self.floatAttr("alpha", 0.9), Self.floatAttr("beta", 0.5), Self.floatAttr("norm_coefficient", 0)]
        let standard = attrs + [stringAttr("mode", "standard")]
        // T = 0: the gradient's coefficient is 1.
        var out = try Self.run("Momentum", standard, [Self.r, Tensor.scalar(Int64(0)), Self.f([1]), Self.f([2]), Self.f([5])], outputs: 2)
        #expect(closeness(out[0].floats ?? [], [0.35]) <= 1 && closeness(out[1].floats ?? [], [6.5]) <= 1)
        out = try Self.run("Momentum", standard, [Self.r, Tensor.scalar(Int64(1)), Self.f([1]), Self.f([2]), Self.f([5])], outputs: 2)
        #expect(closeness(out[0].floats ?? [], [0.45]) <= 1 && closeness(out[1].floats ?? [], [5.5]) <= 1)
        out = try Self.run("Momentum", attrs + [stringAttr("mode", "nesterov")],
                           [Self.r, Tensor.scalar(Int64(1)), Self.f([1]), Self.f([2]), Self.f([5])], outputs: 2)
        #expect(closeness(out[0].floats ?? [], [0.305]) <= 1)
        #expect(throws: RuntimeError.self) { try Self.run("Momentum", attrs, [Self.r, Tensor.scalar(Int64(1)), Self.f([1]), Self.f([2]), Self.f([5])], outputs: 2) }
    }

    @Test func adagradAndAdam() throws {
        let one = Tensor.scalar(Float(1)), t0 = Tensor.scalar(Int64(0))
        let ag = try Self.run("Adagrad", [Self.floatAttr("epsilon", 0)], [one, t0, Self.f([1]), Self.f([3]), Self.f([0])], outputs: 2)
        #expect(ag[0].floats == [0] && ag[1].floats == [9])
        let adam = try Self.run("Adam", [Self.floatAttr("alpha", 0.5), Self.floatAttr("beta", 0.5), Self.floatAttr("epsilon", 0)],
                                [one, t0, Self.f([0]), Self.f([2]), Self.f([0]), Self.f([0])], outputs: 3)
        #expect(closeness(adam[0].floats ?? [], [-0.70710677]) <= 1)
        #expect(adam[1].floats == [1] && adam[2].floats == [2])
    }

    @Test func malformedInputsAreErrors() {
        let t = Tensor.scalar(Int64(0))
        // Groups of unequal shapes, a wrong input count, an integer T that is not int64.
        #expect(throws: RuntimeError.self) { try Self.run("Adagrad", [], [Self.r, t, Self.f([1]), Self.f([1, 2]), Self.f([0])], outputs: 2) }
        #expect(throws: RuntimeError.self) { try Self.run("Adagrad", [], [Self.r, t, Self.f([1]), Self.f([1])], outputs: 2) }
        #expect(throws: RuntimeError.self) { try Self.run("Adagrad", [], [Self.r, Tensor.scalar(Float(0)), Self.f([1]), Self.f([1]), Self.f([0])], outputs: 2) }
    }
}
