import OnnxFormat

/// Transpose: permutes the axes by `perm` (default: reversed) (ai.onnx Transpose, opsets
/// 1-21). Any element type: the copy is one strided walk written once generically.
struct Transpose: Operator {
    let node: NodeInfo
    let perm: [Int]?
    init(_ node: NodeInfo) throws {
        self.node = node
        perm = try node.ints("perm")
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let p = perm ?? Array((0..<x.rank).reversed())
        guard p.count == x.rank, Set(p) == Set(0..<x.rank) else {
            throw RuntimeError.node(node, "perm \(p) is not a permutation of the \(x.rank) axes")
        }
        return [try Transpose.permute(x, p)]
    }

    /// `x` with its axes permuted; `perm` must be a valid permutation.
    static func permute(_ x: Tensor, _ perm: [Int]) throws -> Tensor {
        let outShape = perm.map { x.shape[$0] }
        if perm == Array(0..<x.rank) { return x }
        // Moving only size-1 axes keeps the element order: a reshape.
        if perm.filter({ x.shape[$0] != 1 }) == (0..<x.rank).filter({ x.shape[$0] != 1 }) {
            return try x.reshaped(outShape)
        }
        let inStrides = Tensor.strides(x.shape)
        let strides = perm.map { inStrides[$0] }
        return x.with(shape: outShape, storage: try x.storage.map(StridedCopy(shape: outShape, strides: strides, offset: 0)))
    }
}

extension Transpose: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let x: ValueType? = inputs.at(0)
        guard let s = x?.shape else {
            return [ValueType(x?.dataType, perm.map { [ValueType.Dim](repeating: .unknown, count: $0.count) })]
        }
        let p = perm ?? Array((0..<s.count).reversed())
        guard p.count == s.count, Set(p) == Set(0..<s.count) else {
            throw RuntimeError.node(node, "perm \(p) is not a permutation of the \(s.count) axes")
        }
        return [ValueType(x?.dataType, p.map { s[$0] })]
    }
}
