import OnnxFormat

/// CategoryMapper: maps strings to int64 through the parallel lists `cats_strings` and
/// `cats_int64s`, or int64 back to strings; unknown inputs get `default_int64` (-1) or
/// `default_string` ("_Unused") (ai.onnx.ml CategoryMapper, opset 1).
struct CategoryMapper: Operator {
    let node: NodeInfo
    let toInt: [String: Int64]
    let toString: [Int64: String]
    let defaultInt: Int64
    let defaultString: String

    init(_ node: NodeInfo) throws {
        self.node = node
        let s = node.strings("cats_strings") ?? []
        let i = (try node.ints("cats_int64s") ?? []).map(Int64.init)
        guard s.count == i.count else {
            throw RuntimeError.node(node, "cats_strings has \(s.count) entries, cats_int64s \(i.count)")
        }
        var a: [String: Int64] = [:], b: [Int64: String] = [:]
        for (k, v) in zip(s, i) {
            if a[k] == nil { a[k] = v }
            if b[v] == nil { b[v] = k }
        }
        toInt = a
        toString = b
        defaultInt = Int64(try node.int("default_int64", default: -1))
        defaultString = try node.string("default_string", default: "_Unused")
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        switch x.storage {
        case .string(let a):
            return [Tensor(uncheckedType: .int64, shape: x.shape, storage: .int64(a.map { toInt[$0] ?? defaultInt }))]
        case .int64(let a):
            return [Tensor(uncheckedType: .string, shape: x.shape, storage: .string(a.map { toString[$0] ?? defaultString }))]
        default:
            throw RuntimeError.node(node, "X has element type \(x.dataType); CategoryMapper takes string or int64")
        }
    }
}

extension CategoryMapper: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        guard let x = inputs.at(0) else { return [nil] }
        let out: DataType? = x.dataType == .string ? .int64 : (x.dataType == .int64 ? .string : nil)
        return [ValueType(out, x.shape)]
    }
}
