import OnnxFormat

/// Upsample: the deprecated predecessor of Resize (ai.onnx Upsample, opsets 7-9). Scales
/// come from the `scales` attribute (opset 7) or input 1 (opset 9); `mode` nearest
/// (default) or linear, asymmetric coordinates. Runs through Resize's opset-10 path.
struct Upsample: Operator {
    let resize: Resize
    init(_ node: NodeInfo) throws {
        let attr = node.opset < 9 ? node.floats("scales") : nil
        if node.opset < 9, attr == nil { throw RuntimeError.node(node, "attribute 'scales' is required") }
        resize = try Resize(node, legacy: true, legacyScales: attr)
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] { try resize.run(inputs) }
}

extension Upsample: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        try resize.inferTypes(inputs, constants: constants)
    }
}
