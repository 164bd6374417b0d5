import Foundation

/// The kernels the SVM operators share (onnx/reference/ops/aionnxml/op_svm_helper.py):
/// `kernel_params` is [gamma, coef0, degree].
struct SVMKernel: Sendable {
    enum Kind: String, Sendable { case linear = "LINEAR", poly = "POLY", rbf = "RBF", sigmoid = "SIGMOID" }
    let kind: Kind
    let gamma: Double, coef0: Double, degree: Double

    init(_ node: NodeInfo) throws {
        let k = try node.string("kernel_type", default: "LINEAR")
        guard let kind = Kind(rawValue: k.uppercased()) else {
            throw RuntimeError.node(node, "kernel_type '\(k)' is not LINEAR, POLY, RBF or SIGMOID")
        }
        self.kind = kind
        let p = (node.floats("kernel_params") ?? []).map(Double.init)
        gamma = p.count > 0 ? p[0] : 0
        coef0 = p.count > 1 ? p[1] : 0
        degree = p.count > 2 ? Double(Int(p[2])) : 0
    }

    /// k(a, b) for two vectors of `n` elements starting at `ai` in `a` and `bi` in `b`
    /// (both ranges checked by the caller).
    func callAsFunction(_ a: [Double], _ ai: Int, _ b: [Double], _ bi: Int, _ n: Int) -> Double {
        switch kind {
        case .rbf:
            var s = 0.0
            for j in 0..<n { let d = a[ai + j] - b[bi + j]; s += d * d }
            return Foundation.exp(-gamma * s)
        default:
            var s = 0.0
            for j in 0..<n { s += a[ai + j] * b[bi + j] }
            switch kind {
            case .poly: return Foundation.pow(s * gamma + coef0, degree)
            case .sigmoid: return Foundation.tanh(s * gamma + coef0)
            default: return s
            }
        }
    }
}
