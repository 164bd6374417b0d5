import OnnxFormat

/// BitCast: reinterprets each element's bytes as the type named by `to`, which must have the
/// same width (ai.onnx BitCast, opset 25+). Not for strings or sub-byte types.
struct BitCast: Operator {
    let node: NodeInfo
    let to: DataType
    init(_ node: NodeInfo) throws {
        self.node = node
        let raw = try node.int("to", default: -1)
        guard let t = DataType(rawValue: Int32(clamping: raw)), t.byteSize != nil, t != .complex64, t != .complex128 else {
            throw RuntimeError.node(node, "attribute 'to' = \(raw) is not a fixed-width element type")
        }
        to = t
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        guard let w = x.dataType.byteSize, w == to.byteSize, x.dataType != .complex64, x.dataType != .complex128 else {
            throw RuntimeError.node(node, "cannot reinterpret \(x.dataType) as \(to): widths differ")
        }
        let raw = x.toProto().rawData
        let storage = try node.wrap { try Tensor.decodeRaw(raw, to, x.count, name: "BitCast") }
        return [Tensor(uncheckedType: to, shape: x.shape, storage: storage)]
    }
}

extension BitCast: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [ValueType(to, inputs.at(0)?.shape)]
    }
}
