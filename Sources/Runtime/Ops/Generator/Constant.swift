import OnnxFormat

/// Constant: a tensor given by exactly one attribute (ai.onnx Constant, opsets 1-21):
/// `value` (a tensor), or from opset 12 `value_float`/`value_floats`, `value_int`/
/// `value_ints` (int64), `value_string`/`value_strings`. `sparse_value` is not supported.
struct Constant: Operator {
    let node: NodeInfo
    let value: Tensor
    init(_ node: NodeInfo) throws {
        self.node = node
        let a = node.attributes
        if let t = try node.tensor("value") {
            value = t
        } else if a["value_float"] != nil {
            value = Tensor.scalar(try node.float("value_float", default: 0))
        } else if let f = node.floats("value_floats"), a["value_floats"] != nil {
            value = Tensor(shape: [f.count], floats: f)
        } else if let i = try node.int("value_int") {
            value = Tensor.scalar(Int64(i))
        } else if a["value_ints"] != nil, let i = a["value_ints"]?.ints {
            value = Tensor(shape: [i.count], int64s: i)
        } else if a["value_string"] != nil {
            value = Tensor(uncheckedType: .string, shape: [], storage: .string([try node.string("value_string", default: "")]))
        } else if let s = node.strings("value_strings") {
            value = Tensor(uncheckedType: .string, shape: [s.count], storage: .string(s))
        } else if a["sparse_value"] != nil {
            throw RuntimeError.node(node, "sparse_value is not supported")
        } else {
            throw RuntimeError.node(node, "no value attribute")
        }
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] { [value] }
}

extension Constant: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [ValueType(of: value)]
    }
}
