import OnnxFormat

/// BatchNormalization: Y = (X - mean) / sqrt(var + epsilon) * scale + B per channel of
/// X [N, C, ...] (ai.onnx BatchNormalization, opsets 1-15). Attributes epsilon (default
/// 1e-5), spatial (opsets 1-8, default 1: with 0 the parameters have shape [C, D1, ...]);
/// is_test and consumed_inputs are accepted and unused. With training_mode = 1 (opset 14+)
/// mean and var are X's own per channel (population variance) and the optional outputs
/// running_mean/running_var are input mean/var · momentum (default 0.9) + X's ·
/// (1 − momentum). The training outputs of opsets before 14 are an error at load time.
/// Types: float, double, float16, bfloat16 (scale/B and mean/var may differ, opset 15).
struct BatchNormalization: Operator {
    let node: NodeInfo
    let epsilon: Double
    let spatial: Bool
    let training: Bool
    let momentum: Double

    init(_ node: NodeInfo) throws {
        self.node = node
        epsilon = Double(try node.float("epsilon", default: 1e-5))
        spatial = node.opset < 9 ? try node.int("spatial", default: 1) != 0 : true
        training = node.opset >= 14 ? try node.int("training_mode", default: 0) != 0 : false
        momentum = Double(try node.float("momentum", default: 0.9))
        if !training, (1..<node.outputNames.count).contains(where: { node.wantsOutput($0) }) {
            throw RuntimeError.node(node, "training outputs (running mean/var, saved mean/var) are not supported: the runtime runs inference only")
        }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        switch x.dataType {
        case .float, .float16, .bfloat16: return try compute(Float.self, x, inputs)
        case .double: return try compute(Double.self, x, inputs)
        default: throw RuntimeError.node(node, "element type \(x.dataType) is not supported")
        }
    }

    func compute<T: NNScalar>(_: T.Type, _ x: Tensor, _ inputs: [Tensor?]) throws -> [Tensor] {
        guard x.rank >= 2 else { throw RuntimeError.node(node, "X must have shape [N, C, ...], got \(x.shape)") }
        let c = x.shape[1], inner = Tensor.elementCount(Array(x.shape[2...]))
        let names = ["scale", "B", "mean", "var"]
        var params: [[T]] = []
        for i in 1...4 {
            params.append(try node.elements(node.required(inputs, i), T.self, names[i - 1]))
        }
        // Per-channel parameters, or per (channel, position) when spatial = 0.
        let perElement = params[0].count == c * inner && !spatial && inner > 1
        let expected = perElement ? c * inner : c
        for (i, p) in params.enumerated() where p.count != expected {
            throw RuntimeError.node(node, "\(names[i]) has \(p.count) elements, expected \(expected)")
        }
        let xs = try node.elements(x, T.self, "X")
        let n = x.shape[0]
        var running: [Tensor] = []
        if training {
            guard !perElement, n * inner > 0 else { throw RuntimeError.node(node, "training mode needs per-channel parameters and a non-empty X") }
            var mean = [Double](repeating: 0, count: c), variance = mean
            for ch in 0..<c {
                var sum = 0.0
                for b in 0..<n { for i in 0..<inner { sum += Double(xs[(b * c + ch) * inner + i]) } }
                let mu = sum / Double(n * inner)
                var sq = 0.0
                for b in 0..<n { for i in 0..<inner { let d = Double(xs[(b * c + ch) * inner + i]) - mu; sq += d * d } }
                mean[ch] = mu
                variance[ch] = sq / Double(n * inner)
            }
            for (k, stat) in [mean, variance].enumerated() {
                let given = params[2 + k].map { Double($0) }
                let r = (0..<c).map { given[$0] * momentum + stat[$0] * (1 - momentum) }
                running.append(Double.tensor(r, shape: [c], as: try node.required(inputs, 3 + k).dataType))
            }
            params[2] = mean.map { T($0) }
            params[3] = variance.map { T($0) }
        }
        var a = [T](repeating: 0, count: expected), sh = a
        for k in 0..<expected {
            let inv = 1 / (Double(params[3][k]) + epsilon).squareRoot()
            a[k] = T(Double(params[0][k]) * inv)
            sh[k] = T(Double(params[1][k]) - Double(params[2][k]) * Double(params[0][k]) * inv)
        }
        var y = [T](repeating: 0, count: xs.count)
        xs.withUnsafeBufferPointer { px in y.withUnsafeMutableBufferPointer { py in
            for b in 0..<n {
                for ch in 0..<c {
                    let base = (b * c + ch) * inner
                    if perElement {
                        for i in 0..<inner { py[base + i] = px[base + i] * a[ch * inner + i] + sh[ch * inner + i] }
                    } else {
                        let s = a[ch], t = sh[ch]
                        for i in 0..<inner { py[base + i] = px[base + i] * s + t }
                    }
                }
            }
        } }
        return [T.tensor(y, shape: x.shape, as: x.dataType)] + running
    }
}

extension BatchNormalization: ShapeInferring {
    /// Y has X's type and shape; per-channel parameters must have C elements.
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let x: ValueType? = inputs.at(0)
        guard let s = x?.shape else { return [x] }
        guard s.count >= 2 else { throw RuntimeError.node(node, "X must have shape [N, C, ...], got \(ShapeInference.describe(s))") }
        let names = ["scale", "B", "mean", "var"]
        if spatial, let c = s[1].value {
            for i in 1...4 {
                guard let p = inputs.at(i)?.fixedShape else { continue }
                let n = Tensor.elementCount(p)
                if n != c { throw RuntimeError.node(node, "\(names[i - 1]) has \(n) elements, expected \(c)") }
            }
        }
        return [x]
    }
}
