import OnnxFormat

/// Col2Im: rearranges column blocks back into a multidimensional image, summing overlaps
/// (ai.onnx Col2Im, opset 18+), the inverse of im2col. input (N, C·∏block_shape, L),
/// image_shape (input 1) and block_shape (input 2) int64 [spatial]; `dilations`, `pads`
/// (begin..., end...) and `strides` default to 1, 0, 1. L must equal the number of block
/// positions, ∏ (image + pads − dilation·(block − 1) − 1) / stride + 1. Output (N, C,
/// image_shape...).
struct Col2Im: Operator {
    let node: NodeInfo
    let dilations: [Int]?, pads: [Int]?, strides: [Int]?

    init(_ node: NodeInfo) throws {
        self.node = node
        dilations = try node.ints("dilations")
        pads = try node.ints("pads")
        strides = try node.ints("strides")
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let image = try Index.ints(node.required(inputs, 1), node, "image_shape")
        let block = try Index.ints(node.required(inputs, 2), node, "block_shape")
        let r = image.count
        let dil = dilations ?? [Int](repeating: 1, count: r), st = strides ?? [Int](repeating: 1, count: r)
        let pd = pads ?? [Int](repeating: 0, count: 2 * r)
        guard r >= 1, block.count == r, dil.count == r, st.count == r, pd.count == 2 * r else {
            throw RuntimeError.node(node, "image_shape \(image), block_shape \(block), dilations, strides and pads must agree in rank")
        }
        guard image.allSatisfy({ $0 >= 1 && $0 < 1 << 24 }), block.allSatisfy({ $0 >= 1 }),
              dil.allSatisfy({ $0 >= 1 }), st.allSatisfy({ $0 >= 1 }), pd.allSatisfy({ $0 >= 0 }) else {
            throw RuntimeError.node(node, "image_shape, block_shape, dilations and strides must be positive, pads non-negative")
        }
        let bl = Tensor.elementCount(block)
        guard x.rank == 3, x.shape[1] % bl == 0 else {
            throw RuntimeError.node(node, "input must be (N, C*\(bl), L), got \(x.shape)")
        }
        var cols: [Int] = []
        for d in 0..<r {
            let span: Int = image[d] + pd[d] + pd[d + r] - dil[d] * (block[d] - 1) - 1
            cols.append(span / st[d] + 1)
        }
        guard cols.allSatisfy({ $0 >= 1 }), Tensor.elementCount(cols) == x.shape[2] else {
            throw RuntimeError.node(node, "input has \(x.shape[2]) blocks, the geometry gives \(cols)")
        }
        let n = x.shape[0], c = x.shape[1] / bl, l = x.shape[2]
        let xs = try node.elements(x, Double.self, "input")
        let imgSize = Tensor.elementCount(image)
        var out = [Double](repeating: 0, count: n * c * imgSize)
        let kStrides = Tensor.strides(block), cStrides = Tensor.strides(cols), iStrides = Tensor.strides(image)
        for plane in 0..<(n * c) {
            for k in 0..<bl {
                for col in 0..<l {
                    var off = 0, inside = true
                    for d in 0..<r {
                        let o = (k / kStrides[d]) % block[d], p = (col / cStrides[d]) % cols[d]
                        let idx = p * st[d] - pd[d] + o * dil[d]
                        if idx < 0 || idx >= image[d] { inside = false; break }
                        off += idx * iStrides[d]
                    }
                    if inside { out[plane * imgSize + off] += xs[(plane * bl + k) * l + col] }
                }
            }
        }
        return [Double.tensor(out, shape: [n, c] + image, as: x.dataType)]
    }
}

extension Col2Im: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [ValueType(inputs.at(0)?.dataType, nil)]
    }
}
