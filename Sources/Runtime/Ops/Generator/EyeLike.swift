import OnnxFormat

/// EyeLike: a 2-D tensor of the input's shape with ones on the diagonal shifted by `k`
/// (default 0) and zeros elsewhere (ai.onnx EyeLike, opsets 9-22). The element type is
/// `dtype` if given, else the input's.
struct EyeLike: Operator {
    let node: NodeInfo
    let k: Int
    let dtype: DataType?
    init(_ node: NodeInfo) throws {
        self.node = node
        k = try node.int("k", default: 0)
        if let raw = try node.int("dtype") {
            guard let t = DataType(rawValue: Int32(clamping: raw)) else {
                throw RuntimeError.node(node, "attribute 'dtype' = \(raw) is not an ONNX element type")
            }
            dtype = t
        } else {
            dtype = nil
        }
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        guard x.rank == 2 else { throw RuntimeError.node(node, "input must be 2-D, got \(x.shape)") }
        let rows = x.shape[0], cols = x.shape[1]
        var d = [Int64](repeating: 0, count: rows * cols)
        for i in 0..<rows {
            let j = i + k
            if j >= 0, j < cols { d[i * cols + j] = 1 }
        }
        return [try Cast.convert(Tensor(shape: [rows, cols], int64s: d), to: dtype ?? x.dataType)]
    }
}

extension EyeLike: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let x: ValueType? = inputs.at(0)
        if let r = x?.rank, r != 2 { throw RuntimeError.node(node, "input must be 2-D, got \(x?.shapeDescription ?? "")") }
        return [ValueType(dtype ?? x?.dataType, x?.shape)]
    }
}
