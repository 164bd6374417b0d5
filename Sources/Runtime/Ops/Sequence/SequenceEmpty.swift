import OnnxFormat

/// SequenceEmpty: an empty sequence whose elements would be of type `dtype` (default
/// float) (ai.onnx SequenceEmpty, opsets 11-21).
struct SequenceEmpty: ValueOperator {
    let node: NodeInfo
    let dtype: DataType
    init(_ node: NodeInfo) throws {
        self.node = node
        let raw = try node.int("dtype", default: Int(DataType.float.rawValue))
        guard let t = DataType(rawValue: Int32(clamping: raw)) else {
            throw RuntimeError.node(node, "attribute 'dtype' = \(raw) is not an ONNX element type")
        }
        dtype = t
    }
    func runValues(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        [.sequence(elementType: dtype, [])]
    }
}
