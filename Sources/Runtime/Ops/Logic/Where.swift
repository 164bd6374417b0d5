import OnnxFormat

/// Where: elementwise `condition ? X : Y` with broadcasting over all three inputs
/// (ai.onnx Where, opsets 9-16). X and Y share any element type; condition is bool.
struct Where: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }

    struct Select: StorageCombine {
        let cond: [Bool], mc: [Int]?, mx: [Int]?, my: [Int]?, n: Int
        func callAsFunction<T>(_ arrays: [[T]]) throws -> [T] {
            let x = arrays[0], y = arrays[1]
            return (0..<n).map { i in cond[mc?[i] ?? i] ? x[mx?[i] ?? i] : y[my?[i] ?? i] }
        }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let c = try node.required(inputs, 0), x = try node.required(inputs, 1), y = try node.required(inputs, 2)
        guard case .bool(let cond) = c.storage else { throw RuntimeError.node(node, "condition must be bool, got \(c.dataType)") }
        guard x.dataType == y.dataType else { throw RuntimeError.node(node, "X and Y types differ (\(x.dataType) and \(y.dataType))") }
        let shape = try Broadcast.shape([c.shape, x.shape, y.shape])
        let n = Tensor.elementCount(shape)
        func map(_ s: [Int]) -> [Int]? { s == shape ? nil : Broadcast.indexMap(from: s, to: shape) }
        let sel = Select(cond: cond, mc: map(c.shape), mx: map(x.shape), my: map(y.shape), n: n)
        return [x.with(shape: shape, storage: try TensorStorage.combine([x.storage, y.storage], sel))]
    }
}

extension Where: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        if let c = inputs.at(0)?.dataType, c != .bool { throw RuntimeError.node(node, "condition must be bool, got \(c)") }
        var t = try ShapeInference.broadcast([inputs.at(0).map { ValueType(nil, $0.shape) }, inputs.at(1), inputs.at(2)])
        if let a = inputs.at(1)?.dataType, let b = inputs.at(2)?.dataType, a != b {
            throw RuntimeError.node(node, "X and Y types differ (\(a) and \(b))")
        }
        t.dataType = inputs.at(1)?.dataType ?? inputs.at(2)?.dataType
        return [t]
    }
}
