import OnnxFormat

/// OneHotEncoder: each element of X becomes a row of `cats_int64s.count` (or
/// `cats_strings.count`) floats with a 1 at its category (ai.onnx.ml OneHotEncoder,
/// opset 1). Output shape X.shape + [K]. An element outside the categories gives a zero
/// row when `zeros` is 1 (default), an error otherwise. Numbers match int64 categories
/// after truncation to int64 (as onnxruntime casts).
struct OneHotEncoder: Operator {
    let node: NodeInfo
    let ints: [Int64: Int]
    let strings: [String: Int]
    let size: Int
    let zeros: Bool

    init(_ node: NodeInfo) throws {
        self.node = node
        zeros = try node.int("zeros", default: 1) != 0
        var i: [Int64: Int] = [:], s: [String: Int] = [:]
        if let c = try ML.nonEmptyInts(node, "cats_int64s") {
            for (k, v) in c.enumerated() where i[Int64(v)] == nil { i[Int64(v)] = k }
            size = c.count
        } else if let c = ML.nonEmptyStrings(node, "cats_strings") {
            for (k, v) in c.enumerated() where s[v] == nil { s[v] = k }
            size = c.count
        } else {
            throw RuntimeError.node(node, "needs cats_int64s or cats_strings")
        }
        ints = i
        strings = s
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let positions: [Int?]
        if case .string(let a) = x.storage {
            positions = a.map { strings[$0] }
        } else {
            positions = try ML.numbers(x, node).map { ints[ML.int64($0)] }
        }
        var out = [Float](repeating: 0, count: positions.count * size)
        for (k, p) in positions.enumerated() {
            guard let p else {
                if zeros { continue }
                throw RuntimeError.node(node, "element \(k) of X is not one of the categories (zeros=0)")
            }
            out[k * size + p] = 1
        }
        return [Tensor(uncheckedType: .float, shape: x.shape + [size], storage: .float(out))]
    }
}

extension OneHotEncoder: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [ValueType(.float, inputs.at(0)?.shape.map { $0 + [.fixed(size)] })]
    }
}
