import OnnxFormat

/// Shrink: y = x - bias if x > lambd, x + bias if x < -lambd, else 0 (ai.onnx Shrink,
/// opset 9+). Attributes bias (default 0), lambd (default 0.5). Float types and integers
/// (computed in float64, truncated back).
struct Shrink: Operator {
    let node: NodeInfo
    let bias: Double, lambd: Double
    init(_ node: NodeInfo) throws {
        self.node = node
        bias = Double(try node.float("bias", default: 0))
        lambd = Double(try node.float("lambd", default: 0.5))
    }
    func f(_ x: Double) -> Double { x < -lambd ? x + bias : (x > lambd ? x - bias : 0) }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        if x.isFloatLike {
            return [try Elementwise.unary(x, name: "Shrink", { Float(self.f(Double($0))) }, double: { self.f($0) })]
        }
        guard let d = x.asDoubles(), x.dataType != .bool else { throw RuntimeError.node(node, "element type \(x.dataType) is not supported") }
        return [try Cast.convert(Tensor(uncheckedType: .double, shape: x.shape, storage: .double(d.map(f))), to: x.dataType)]
    }
}

extension Shrink: PreservesInputType {}
