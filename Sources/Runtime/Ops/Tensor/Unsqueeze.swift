import OnnxFormat

/// Unsqueeze: inserts size-1 dimensions at `axes` of the output (ai.onnx Unsqueeze, opsets
/// 1-21). `axes` is an attribute before opset 13 and input 1 from 13; negative axes
/// count from the end of the output (opset 11+). Any type.
struct Unsqueeze: Operator {
    let node: NodeInfo
    let attrAxes: [Int]?
    init(_ node: NodeInfo) throws {
        self.node = node
        if node.opset < 13 {
            guard let a = try node.ints("axes") else { throw RuntimeError.node(node, "attribute 'axes' is required") }
            attrAxes = a
        } else {
            attrAxes = nil
        }
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let axes = try attrAxes ?? Index.ints(node.required(inputs, 1), node, "axes")
        let outRank = x.rank + axes.count
        let resolved = Set(try Index.axes(axes, rank: outRank, node))
        var shape: [Int] = []
        var it = x.shape.makeIterator()
        for d in 0..<outRank {
            if resolved.contains(d) { shape.append(1) } else if let v = it.next() { shape.append(v) }
        }
        return [try x.reshaped(shape)]
    }
}

extension Unsqueeze: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let x: ValueType? = inputs.at(0)
        guard let axes = try attrAxes ?? ShapeInference.ints(constants, 1, node, "axes"), let s = x?.shape else {
            return [ValueType(x?.dataType, nil)]
        }
        let outRank = s.count + axes.count
        let resolved = Set(try Index.axes(axes, rank: outRank, node))
        var out: [ValueType.Dim] = []
        var it = s.makeIterator()
        for d in 0..<outRank {
            if resolved.contains(d) { out.append(.fixed(1)) } else if let v = it.next() { out.append(v) }
        }
        return [ValueType(x?.dataType, out)]
    }
}
