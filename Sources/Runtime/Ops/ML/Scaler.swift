import OnnxFormat

/// Scaler: Y = (X - offset) * scale per column, one entry serving every column
/// (ai.onnx.ml Scaler, opset 1). Double for a double X (onnx.reference), else float.
struct Scaler: Operator {
    let node: NodeInfo
    let offset: [Double]
    let scale: [Double]
    init(_ node: NodeInfo) throws {
        self.node = node
        offset = (node.floats("offset") ?? []).map(Double.init)
        scale = (node.floats("scale") ?? []).map(Double.init)
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let v = try ML.numbers(x, node)
        let c = x.rank == 0 ? 1 : x.shape[x.rank - 1]
        for (name, a) in [("offset", offset), ("scale", scale)] where !(a.isEmpty || a.count == 1 || a.count == c) {
            throw RuntimeError.node(node, "\(name) has \(a.count) entries for \(c) columns")
        }
        func at(_ a: [Double], _ j: Int, _ d: Double) -> Double { a.isEmpty ? d : (a.count == 1 ? a[0] : a[j]) }
        var y = v
        for i in v.indices {
            let j = c == 0 ? 0 : i % c
            y[i] = (v[i] - at(offset, j, 0)) * at(scale, j, 1)
        }
        return [ML.real(y, shape: x.shape, double: x.dataType == .double)]
    }
}

extension Scaler: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        guard let x = inputs.at(0) else { return [nil] }
        return [ValueType(x.dataType == .double ? .double : (x.dataType == nil ? nil : .float), x.shape)]
    }
}
