import OnnxFormat

/// InstanceNormalization: each (n, c) plane of X [N, C, ...] normalised to zero mean and
/// unit variance, then scaled and shifted: y = scale[c] * (x - mean) / sqrt(var + epsilon)
/// + B[c] (ai.onnx InstanceNormalization, opsets 1-22; epsilon default 1e-5).
/// Statistics accumulate in Double. Types: float, double, float16, bfloat16.
struct InstanceNormalization: Operator {
    let node: NodeInfo
    let epsilon: Double

    init(_ node: NodeInfo) throws {
        self.node = node
        epsilon = Double(try node.float("epsilon", default: 1e-5))
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        switch x.dataType {
        case .float, .float16, .bfloat16: return [try compute(Float.self, x, inputs)]
        case .double: return [try compute(Double.self, x, inputs)]
        default: throw RuntimeError.node(node, "element type \(x.dataType) is not supported")
        }
    }

    func compute<T: NNScalar>(_: T.Type, _ x: Tensor, _ inputs: [Tensor?]) throws -> Tensor {
        guard x.rank >= 2 else { throw RuntimeError.node(node, "input must have shape [N, C, ...], got \(x.shape)") }
        let n = x.shape[0], c = x.shape[1], inner = Tensor.elementCount(Array(x.shape[2...]))
        let scale = try node.elements(node.required(inputs, 1), T.self, "scale")
        let bias = try node.elements(node.required(inputs, 2), T.self, "B")
        guard scale.count == c, bias.count == c else {
            throw RuntimeError.node(node, "scale and B must have \(c) elements, got \(scale.count) and \(bias.count)")
        }
        let xs = try node.elements(x, T.self, "input")
        var y = [T](repeating: 0, count: xs.count)
        xs.withUnsafeBufferPointer { px in y.withUnsafeMutableBufferPointer { py in
            for plane in 0..<(n * c) {
                normalizePlane(px, py, base: plane * inner, count: inner, epsilon: epsilon,
                               scale: Double(scale[plane % c]), shift: Double(bias[plane % c]))
            }
        } }
        return T.tensor(y, shape: x.shape, as: x.dataType)
    }
}

/// Normalises `count` elements from `base`: (x - mean) / sqrt(var + epsilon) * scale +
/// shift, two-pass statistics in Double. Returns (mean, 1 / sqrt(var + epsilon)).
@discardableResult
func normalizePlane<T: BinaryFloatingPoint>(_ px: UnsafeBufferPointer<T>, _ py: UnsafeMutableBufferPointer<T>,
                                            base: Int, count: Int, epsilon: Double,
                                            scale: Double, shift: Double) -> (Double, Double) {
    guard count > 0 else { return (0, 1 / epsilon.squareRoot()) }
    var sum = 0.0
    for i in 0..<count { sum += Double(px[base + i]) }
    let mean = sum / Double(count)
    var sq = 0.0
    for i in 0..<count { let d = Double(px[base + i]) - mean; sq += d * d }
    let inv = 1 / (sq / Double(count) + epsilon).squareRoot()
    let a = T(scale * inv), b = T(shift - mean * scale * inv)
    for i in 0..<count { py[base + i] = px[base + i] * a + b }
    return (mean, inv)
}

extension InstanceNormalization: PreservesInputType {}
