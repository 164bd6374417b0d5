import OnnxFormat

/// ZipMap: each row of the float tensor X [N, C] becomes a map from the class labels
/// (`classlabels_int64s` or `classlabels_strings`, C of them) to that row's values, as
/// scalar float tensors; the output is the sequence of the N maps (ai.onnx.ml ZipMap,
/// opset 1). A 1-D X is one row.
struct ZipMap: ValueOperator {
    let node: NodeInfo
    let keys: [MapKey]
    init(_ node: NodeInfo) throws {
        self.node = node
        if let s = ML.nonEmptyStrings(node, "classlabels_strings") {
            keys = s.map(MapKey.string)
        } else if let i = try ML.nonEmptyInts(node, "classlabels_int64s") {
            keys = i.map { .int(Int64($0)) }
        } else {
            throw RuntimeError.node(node, "needs classlabels_int64s or classlabels_strings")
        }
    }

    func runValues(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        guard let v = inputs.first ?? nil, case .tensor(let x) = v else {
            throw RuntimeError.node(node, "X must be a float tensor")
        }
        let (n, c, values) = try ML.matrix(x, node)
        guard c == keys.count else {
            throw RuntimeError.node(node, "X has \(c) columns, there are \(keys.count) class labels")
        }
        let maps: [Value] = (0..<n).map { r in
            .map(keys: keys, values: (0..<c).map { .tensor(.scalar(Float(values[r * c + $0]))) })
        }
        return [.sequence(elementType: nil, maps)]
    }
}
