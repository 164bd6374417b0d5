import OnnxFormat

/// PRelu: x for x >= 0, slope * x otherwise, with `slope` broadcast to x (ai.onnx PRelu,
/// opsets 6-16; unidirectional broadcasting from 7). Float types; integer types from opset 9
/// (int32, int64, uint32, uint64 by the spec).
struct PRelu: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    struct Integer: IntegerBinaryFunction {
        func callAsFunction<T: FixedWidthInteger>(_ x: T, _ s: T) -> T { x < 0 ? x &* s : x }
    }
    static let arithmetic = Elementwise.Arithmetic(
        float: { $0 < 0 ? $0 * $1 : $0 }, double: { $0 < 0 ? $0 * $1 : $0 }, integer: Integer())
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        var slope = try node.required(inputs, 1)
        // Before opset 7 a 1-D slope of C values applies per channel (axis 1), as the
        // pytorch-converted cases (PReLU with num_parameters = C) and onnxruntime expect.
        if node.opset < 7, slope.rank == 1, x.rank > 2, slope.count == x.shape[1], slope.count > 1 {
            slope = try slope.reshaped([slope.count] + [Int](repeating: 1, count: x.rank - 2))
        }
        let r = try Elementwise.binary(x, slope, Self.arithmetic, name: "PRelu")
        guard r.shape == x.shape else {
            throw RuntimeError.node(node, "slope shape \(slope.shape) does not broadcast to input shape \(x.shape)")
        }
        return [r]
    }
}

extension PRelu: PreservesInputType {}
