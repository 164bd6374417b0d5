import OnnxFormat

/// Split: cuts the input along `axis` (default 0) into the node's outputs (ai.onnx Split,
/// opsets 1-18). Part sizes come from the `split` attribute before opset 13, the optional
/// `split` input from 13; without them the dimension is split evenly, and from opset 18
/// `num_outputs` parts of ceil(dim / num_outputs) with a smaller last part. Any type.
struct Split: Operator {
    let node: NodeInfo
    let axis: Int
    let attrSplit: [Int]?
    let numOutputs: Int?
    init(_ node: NodeInfo) throws {
        self.node = node
        axis = try node.int("axis", default: 0)
        attrSplit = node.opset < 13 ? try node.ints("split") : nil
        numOutputs = node.opset >= 18 ? try node.int("num_outputs") : nil
        if let n = numOutputs, n < 1 { throw RuntimeError.node(node, "num_outputs must be positive, got \(n)") }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let ax = try Index.axis(axis, rank: x.rank, node)
        let dim = x.shape[ax]
        let outs = numOutputs ?? max(node.outputNames.count, 1)
        var sizes: [Int]
        let splitInput = try node.optional(inputs, 1).map { try Index.ints($0, node, "split") }
        if let s = attrSplit ?? splitInput {
            sizes = s
        } else if numOutputs != nil {
            let chunk = (dim + outs - 1) / outs
            sizes = (0..<outs).map { i in max(0, min(chunk, dim - i * chunk)) }
        } else {
            guard dim % outs == 0 else {
                throw RuntimeError.node(node, "dimension \(dim) does not split evenly into \(outs) outputs")
            }
            sizes = [Int](repeating: dim / outs, count: outs)
        }
        guard sizes.allSatisfy({ $0 >= 0 }), sizes.reduce(0, +) == dim else {
            throw RuntimeError.node(node, "split sizes \(sizes) do not sum to dimension \(dim)")
        }
        let strides = Tensor.strides(x.shape)
        var start = 0
        var result: [Tensor] = []
        for s in sizes {
            var shape = x.shape
            shape[ax] = s
            let copy = StridedCopy(shape: shape, strides: strides, offset: s == 0 ? 0 : start * strides[ax])
            result.append(x.with(shape: shape, storage: try x.storage.map(copy)))
            start += s
        }
        return result
    }
}

extension Split: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let n = node.outputNames.count
        let x: ValueType? = inputs.at(0)
        guard let s = x?.shape else { return [ValueType?](repeating: ValueType(x?.dataType, nil), count: n) }
        let ax = try Index.axis(axis, rank: s.count, node)
        var sizes: [Int]?
        if let attrSplit {
            sizes = attrSplit
        } else if node.hasInput(1) {
            sizes = try ShapeInference.ints(constants, 1, node, "split")
        } else if let dim = s[ax].value {
            let outs = numOutputs ?? max(n, 1)
            if numOutputs != nil {
                let chunk = (dim + outs - 1) / outs
                sizes = (0..<outs).map { i in max(0, min(chunk, dim - i * chunk)) }
            } else {
                guard dim % outs == 0 else { throw RuntimeError.node(node, "dimension \(dim) does not split evenly into \(outs) outputs") }
                sizes = [Int](repeating: dim / outs, count: outs)
            }
        }
        if let sizes, let dim = s[ax].value, !sizes.allSatisfy({ $0 >= 0 }) || sizes.reduce(0, &+) != dim {
            throw RuntimeError.node(node, "split sizes \(sizes) do not sum to dimension \(dim)")
        }
        return (0..<n).map { k in
            var d = s
            d[ax] = sizes.flatMap { k < $0.count ? .fixed($0[k]) : nil } ?? .unknown
            return ValueType(x?.dataType, d)
        }
    }
}
