import OnnxFormat

/// MaxUnpool: the partial inverse of MaxPool (ai.onnx MaxUnpool, opsets 9, 11, 22). X
/// (N, C, spatial...) and I (int64, X's shape, flat indices as MaxPool's Indices output);
/// `kernel_shape` is required, `strides` default 1, `pads` 0. The unpooled shape is
/// (in − 1)·stride − pad_begin − pad_end + kernel per spatial dimension; every X element
/// goes to its index there, the rest are zero. output_shape (input 2, opset 11+) enlarges
/// the result, the unpooled block in its leading corner, as onnx's reference does.
struct MaxUnpool: Operator {
    let node: NodeInfo
    let kernel: [Int]
    let strides: [Int]?, pads: [Int]?

    init(_ node: NodeInfo) throws {
        self.node = node
        guard let k = try node.ints("kernel_shape"), k.allSatisfy({ $0 >= 1 }) else {
            throw RuntimeError.node(node, "attribute 'kernel_shape' is required and must be positive")
        }
        kernel = k
        strides = try node.ints("strides")
        pads = try node.ints("pads")
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0), ind = try node.required(inputs, 1)
        try checkNCHW(node, x)
        let r = x.rank - 2
        let st = strides ?? [Int](repeating: 1, count: r), pd = pads ?? [Int](repeating: 0, count: 2 * r)
        guard kernel.count == r, st.count == r, pd.count == 2 * r, st.allSatisfy({ $0 >= 1 }) else {
            throw RuntimeError.node(node, "kernel_shape, strides and pads do not match X's \(r) spatial dimensions")
        }
        guard ind.shape == x.shape else { throw RuntimeError.node(node, "I shape \(ind.shape) differs from X's \(x.shape)") }
        let idx = try Index.ints(ind, node, "I")
        var inferred = Array(x.shape[0..<2])
        for d in 0..<r {
            let v = (x.shape[d + 2] - 1) * st[d] - pd[d] - pd[d + r] + kernel[d]
            guard v >= 1 else { throw RuntimeError.node(node, "unpooled dimension \(d) would be \(v)") }
            inferred.append(v)
        }
        var outShape = inferred
        if let os = node.optional(inputs, 2) {
            outShape = try Index.ints(os, node, "output_shape")
            guard outShape.count == x.rank, zip(outShape, inferred).allSatisfy({ $0 >= $1 }) else {
                throw RuntimeError.node(node, "output_shape \(outShape) is smaller than the unpooled shape \(inferred)")
            }
        }
        let total = Tensor.elementCount(inferred)
        // Position k of the unpooled block, then its place in the output.
        let inStrides = Tensor.strides(inferred), outStrides = Tensor.strides(outShape)
        var map = [Int](repeating: -1, count: Tensor.elementCount(outShape))
        for (k, i) in idx.enumerated() {
            guard i >= 0, i < total else { throw RuntimeError.node(node, "index \(i) is out of range 0..<\(total)") }
            var off = 0
            for d in 0..<x.rank { off += ((i / inStrides[d]) % inferred[d]) * outStrides[d] }
            map[off] = k
        }
        let zero = Tensor.zeros(x.dataType, shape: [1])
        return [try node.wrap { try x.gathered(map, shape: outShape, fill: zero) }]
    }
}

extension MaxUnpool: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [ValueType(inputs.at(0)?.dataType, nil)]
    }
}
