/// L2 normalisation as Keras computes it (`ops.normalize(order=2, epsilon=1e-12)`):
/// x * min(rsqrt(sum(x^2)), 1/eps), i.e. x / max(||x||, eps), over ONNX axes `axes`.
enum L2Normalize {
    static func apply(_ g: KerasGraphBuilder, _ x: String, axes: [Int], epsilon: Float = 1e-12, name: String) -> String {
        let sq = g.node1("Mul", [x, x], name: "\(name)/square")
        let sum = g.reduce("ReduceSum", sq, axes: axes, keepdims: true, name: "\(name)/sum")
        let norm = g.node1("Sqrt", [sum], name: "\(name)/norm")
        let safe = g.node1("Max", [norm, g.scalar(epsilon, name: "l2_epsilon")], name: "\(name)/safe_norm")
        return g.node1("Div", [x, safe], name: "\(name)/normalized")
    }
}
