import CKernels
import OnnxFormat

/// Relu: max(x, 0) (ai.onnx Relu, opsets 1-14).
struct Relu: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        switch x.storage {
        case .int32(let a): return [Tensor(uncheckedType: .int32, shape: x.shape, storage: .int32(a.map { max($0, 0) }))]
        case .int64(let a): return [Tensor(uncheckedType: .int64, shape: x.shape, storage: .int64(a.map { max($0, 0) }))]
        case .int8(let a): return [Tensor(uncheckedType: .int8, shape: x.shape, storage: .int8(a.map { max($0, 0) }))]
        case .float: return [FastElementwise.unary(Int32(PK_RELU), x) ?? x]
        default: return [try Elementwise.unary(x, name: "Relu", { $0 > 0 ? $0 : 0 }, double: { $0 > 0 ? $0 : 0 })]
        }
    }
}

extension Relu: PreservesInputType {}
