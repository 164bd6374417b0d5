import Foundation
import OnnxFormat

/// BlackmanWindow: the Blackman window of the length given by scalar input 0 (ai.onnx BlackmanWindow,
/// opset 17+): w[k] = 0.42 - 0.5 * cos(2 * Double.pi * k / d) + 0.08 * cos(4 * Double.pi * k / d), with d = size when `periodic` (default 1), else size - 1.
/// Attribute output_datatype (default 1, float).
struct BlackmanWindow: Operator {
    let node: NodeInfo
    let periodic: Bool
    let outputType: DataType
    init(_ node: NodeInfo) throws {
        self.node = node
        periodic = try node.int("periodic", default: 1) != 0
        outputType = try WindowFunction.outputType(node)
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        try WindowFunction.make(node, inputs, periodic: periodic, as: outputType) { k, d in 0.42 - 0.5 * cos(2 * Double.pi * k / d) + 0.08 * cos(4 * Double.pi * k / d) }
    }
}

extension BlackmanWindow: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        try WindowFunction.infer(node, constants, outputType)
    }
}
