import OnnxFormat

/// Scatter: the deprecated name of ScatterElements without reduction (ai.onnx Scatter,
/// opsets 9-10).
struct Scatter: Operator {
    let inner: ScatterElements
    init(_ node: NodeInfo) throws { inner = try ScatterElements(node) }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] { try inner.run(inputs) }
}

extension Scatter: PreservesInputType {}
