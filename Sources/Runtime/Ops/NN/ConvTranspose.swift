import OnnxFormat

/// ConvTranspose: transposed N-D convolution of X [N, C, D1..Dn] with W [C, M/group,
/// k1..kn] plus optional bias B [M] (ai.onnx ConvTranspose, opsets 1-22). Attributes
/// auto_pad, dilations, group, kernel_shape, output_padding, output_shape, pads, strides;
/// the output size and pads follow the ONNX reference implementation (see
/// `WindowGeometry.transposed`). float32/float64 run GEMM + col2im; float16/bfloat16
/// compute in float32.
struct ConvTranspose: Operator {
    let node: NodeInfo
    let window: WindowAttributes
    let group: Int
    let outputPadding: [Int]?
    let outputShape: [Int]?

    init(_ node: NodeInfo) throws {
        self.node = node
        window = try WindowAttributes(node)
        group = try WindowAttributes.group(node)
        outputPadding = try node.ints("output_padding")
        outputShape = try node.ints("output_shape")
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0), w = try node.required(inputs, 1)
        let b = node.optional(inputs, 2)
        switch x.dataType {
        case .float, .float16, .bfloat16: return [try compute(Float.self, x, w, b)]
        case .double: return [try compute(Double.self, x, w, b)]
        default: throw RuntimeError.node(node, "element type \(x.dataType) is not supported")
        }
    }

    func compute<T: NNScalar>(_: T.Type, _ x: Tensor, _ w: Tensor, _ b: Tensor?) throws -> Tensor {
        try checkNCHW(node, x)
        guard w.rank == x.rank else {
            throw RuntimeError.node(node, "W shape \(w.shape) must have the rank of X \(x.shape)")
        }
        let n = x.shape[0], c = x.shape[1]
        guard w.shape[0] == c, c % group == 0 else {
            throw RuntimeError.node(node, "X has \(c) channels but W \(w.shape) expects \(w.shape[0]) (group \(group))")
        }
        let m = w.shape[1] * group
        let kernel = Array(w.shape[2...])
        if let k = window.kernelShape, k != kernel {
            throw RuntimeError.node(node, "attribute 'kernel_shape' \(k) does not match W's spatial shape \(kernel)")
        }
        if let b, b.count != m || b.rank != 1 {
            throw RuntimeError.node(node, "B shape \(b.shape) must be [\(m)]")
        }
        let g = try node.wrap {
            try WindowGeometry.transposed(input: Array(x.shape[2...]), kernel: kernel, strides: window.strides,
                                          dilations: window.dilations, pads: window.pads, autoPad: window.autoPad,
                                          outputPadding: outputPadding, outputShape: outputShape)
        }
        let xs = try node.elements(x, T.self, "X"), ws = try node.elements(w, T.self, "W")
        let bs = try b.map { try node.elements($0, T.self, "B") }
        let y = try node.wrap {
            try ConvTransposeKernel.forward(x: xs, w: ws, bias: bs, batch: n, inChannels: c, outChannels: m, group: group, geometry: g)
        }
        return T.tensor(y, shape: [n, m] + g.output, as: x.dataType)
    }
}

extension ConvTranspose: ShapeInferring {
    /// Y [N, M/group * group, out...] from X [N, C, in...] and W [C, M/group, k...].
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let x: ValueType? = inputs.at(0), w: ValueType? = inputs.at(1)
        guard let xs = try inferNCHW(node, x) else { return [ValueType(x?.dataType, w?.shape.map { $0.map { _ in .unknown } })] }
        guard let ws = w?.shape else { return [ValueType(x?.dataType, [xs[0]] + xs.dropFirst().map { _ in .unknown })] }
        guard ws.count == xs.count else {
            throw RuntimeError.node(node, "W shape \(ShapeInference.describe(ws)) must have the rank of X \(ShapeInference.describe(xs))")
        }
        if let c = xs[1].value, c % group != 0 || ws[0].value.map({ $0 != c }) == true {
            throw RuntimeError.node(node, "X has \(c) channels but W \(ShapeInference.describe(ws)) expects \(ws[0]) (group \(group))")
        }
        let m = ws[1].multiplied(by: group)
        if let b = inputs.at(2)?.shape, b.count != 1 || (b[0].value != nil && m.value != nil && b[0] != m) {
            throw RuntimeError.node(node, "B shape \(ShapeInference.describe(b)) must be [\(m)]")
        }
        let wk = ValueType(nil, Array(ws[2...])).fixedShape
        if let k = window.kernelShape, let wk, k != wk {
            throw RuntimeError.node(node, "attribute 'kernel_shape' \(k) does not match W's spatial shape \(wk)")
        }
        guard let kernel = window.kernelShape ?? wk else {
            return [ValueType(x?.dataType, [xs[0], m] + xs.dropFirst(2).map { _ in .unknown })]
        }
        let spatial = try window.inferOutput(node, input: Array(xs[2...])) { sizes in
            try WindowGeometry.transposed(input: sizes, kernel: kernel, strides: window.strides, dilations: window.dilations,
                                          pads: window.pads, autoPad: window.autoPad, outputPadding: outputPadding,
                                          outputShape: outputShape)
        }
        return [ValueType(x?.dataType, [xs[0], m] + spatial)]
    }
}
