import OnnxFormat

/// Binarizer: 1 where X > threshold, else 0, in X's element type (ai.onnx.ml Binarizer,
/// opset 1).
struct Binarizer: Operator, PreservesInputType {
    let node: NodeInfo
    let threshold: Double
    init(_ node: NodeInfo) throws {
        self.node = node
        threshold = Double(try node.float("threshold", default: 0))
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let t = threshold
        let s: TensorStorage
        switch x.storage {
        case .float(let a): s = .float(a.map { Double($0) > t ? 1 : 0 })
        case .double(let a): s = .double(a.map { $0 > t ? 1 : 0 })
        case .int64(let a): s = .int64(a.map { Double($0) > t ? 1 : 0 })
        case .int32(let a): s = .int32(a.map { Double($0) > t ? 1 : 0 })
        default: throw RuntimeError.node(node, "X has element type \(x.dataType); Binarizer takes float, double, int64 or int32")
        }
        return [x.with(shape: x.shape, storage: s)]
    }
}
