import Foundation
import OnnxFormat
import Testing
@testable import Runtime

/// Builders for the value-level op tests: graphs with subgraph attributes, sequence and
/// optional signatures, and running one value op directly.
enum Flow {
    static func graphAttr(_ name: String, _ g: Onnx_GraphProto) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name; a.type = .graph; a.g = g
        return a
    }

    static func graph(_ nodes: [Onnx_NodeProto], inputs: [Onnx_ValueInfoProto], outputs: [Onnx_ValueInfoProto],
                      name: String = "body") -> Onnx_GraphProto {
        var g = Onnx_GraphProto()
        g.name = name; g.node = nodes; g.input = inputs; g.output = outputs
        return g
    }

    static func tensor(_ name: String, _ type: DataType = .float, _ shape: [Int]? = nil) -> Onnx_ValueInfoProto {
        Graphs.value(name, type, shape.map { $0.map { .fixed($0) } })
    }

    static func sequence(_ name: String, _ type: DataType = .float) -> Onnx_ValueInfoProto {
        var v = Onnx_ValueInfoProto()
        v.name = name
        v.type.sequenceType.elemType.tensorType.elemType = type.rawValue
        return v
    }

    static func optional(_ name: String, _ type: DataType = .float) -> Onnx_ValueInfoProto {
        var v = Onnx_ValueInfoProto()
        v.name = name
        v.type.optionalType.elemType.tensorType.elemType = type.rawValue
        return v
    }

    static func session(_ nodes: [Onnx_NodeProto], inputs: [Onnx_ValueInfoProto], outputs: [Onnx_ValueInfoProto],
                        opset: Int = 17) throws -> InferenceSession {
        try InferenceSession(model: Graphs.model(nodes, inputs: inputs, outputs: outputs, opset: opset))
    }

    /// Builds and runs one value op directly.
    static func run(_ op: String, opset: Int = 17, _ inputs: [Value?], attributes: [Onnx_AttributeProto] = [],
                    outputs: Int = 1) throws -> [Value] {
        let node = NodeInfo(opType: op, opset: opset, inputs: inputs.enumerated().map { $0.element == nil ? "" : "x\($0.offset)" },
                            outputs: (0..<outputs).map { "y\($0)" }, attributes: attributes)
        guard let factory = OperatorRegistry.factory(domain: "", opType: op) else { throw RuntimeError("no op \(op)") }
        let made = try factory(node)
        guard let vop = made as? any ValueOperator else { throw RuntimeError("\(op) is not a value operator") }
        return try vop.runValues(inputs, context: .empty)
    }

    static func floats(_ v: [Float], _ shape: [Int]? = nil) -> Value { .tensor(Tensor(shape: shape ?? [v.count], floats: v)) }
    static func int(_ v: Int) -> Value { .tensor(.scalar(Int64(v))) }
    static func bool(_ b: Bool) -> Value { .tensor(Tensor(uncheckedType: .bool, shape: [], storage: .bool([b]))) }
    static func seq(_ items: [Value], _ type: DataType = .float) -> Value { .sequence(elementType: type, items) }
}
