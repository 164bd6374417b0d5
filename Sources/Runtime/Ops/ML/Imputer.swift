import OnnxFormat

/// Imputer: replaces `replaced_value_float` (NaN matches NaN) or `replaced_value_int64`
/// in each column of X by that column's entry of `imputed_value_floats` /
/// `imputed_value_int64s` (one entry serves every column) (ai.onnx.ml Imputer, opset 1).
struct Imputer: Operator, PreservesInputType {
    let node: NodeInfo
    let floats: [Float]
    let ints: [Int64]
    let replacedFloat: Float
    let replacedInt: Int64

    init(_ node: NodeInfo) throws {
        self.node = node
        floats = node.floats("imputed_value_floats") ?? []
        ints = (try node.ints("imputed_value_int64s") ?? []).map(Int64.init)
        replacedFloat = try node.float("replaced_value_float", default: 0)
        replacedInt = Int64(try node.int("replaced_value_int64", default: 0))
        guard !floats.isEmpty || !ints.isEmpty else {
            throw RuntimeError.node(node, "needs imputed_value_floats or imputed_value_int64s")
        }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let cols = x.rank == 0 ? 1 : x.shape[x.rank - 1]
        let k = floats.isEmpty ? ints.count : floats.count
        guard k == 1 || k == cols else {
            throw RuntimeError.node(node, "\(k) imputed values for \(cols) columns")
        }
        func value(_ i: Int) -> Int { k == 1 ? 0 : (cols == 0 ? 0 : i % cols) }
        switch x.storage {
        case .float(var a):
            guard !floats.isEmpty else { throw RuntimeError.node(node, "float X needs imputed_value_floats") }
            let nan = replacedFloat.isNaN
            for i in a.indices where nan ? a[i].isNaN : a[i] == replacedFloat { a[i] = floats[value(i)] }
            return [x.with(shape: x.shape, storage: .float(a))]
        case .double(var a):
            guard !floats.isEmpty else { throw RuntimeError.node(node, "double X needs imputed_value_floats") }
            let nan = replacedFloat.isNaN, r = Double(replacedFloat)
            for i in a.indices where nan ? a[i].isNaN : a[i] == r { a[i] = Double(floats[value(i)]) }
            return [x.with(shape: x.shape, storage: .double(a))]
        case .int64(var a):
            guard !ints.isEmpty else { throw RuntimeError.node(node, "int64 X needs imputed_value_int64s") }
            for i in a.indices where a[i] == replacedInt { a[i] = ints[value(i)] }
            return [x.with(shape: x.shape, storage: .int64(a))]
        case .int32(var a):
            guard !ints.isEmpty else { throw RuntimeError.node(node, "int32 X needs imputed_value_int64s") }
            for i in a.indices where Int64(a[i]) == replacedInt { a[i] = Int32(clamping: ints[value(i)]) }
            return [x.with(shape: x.shape, storage: .int32(a))]
        default:
            throw RuntimeError.node(node, "X has element type \(x.dataType); Imputer takes float, double, int64 or int32")
        }
    }
}
