import OnnxFormat

/// FeatureVectorizer: concatenates its inputs along the columns as float, each cut or
/// zero-padded to its `inputdimensions` entry (ai.onnx.ml FeatureVectorizer, opset 1).
/// A 1-D input of n elements is n rows of one column (onnx.reference). Output [N, sum].
struct FeatureVectorizer: Operator {
    let node: NodeInfo
    let dims: [Int]
    init(_ node: NodeInfo) throws {
        self.node = node
        dims = try node.ints("inputdimensions", default: [])
        guard dims.allSatisfy({ $0 >= 0 }) else { throw RuntimeError.node(node, "inputdimensions must be >= 0") }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let xs = try (0..<inputs.count).map { try node.required(inputs, $0) }
        guard xs.count == dims.count else {
            throw RuntimeError.node(node, "\(xs.count) inputs but \(dims.count) inputdimensions")
        }
        var rows: Int?
        var parts: [(cols: Int, values: [Double], want: Int)] = []
        for (k, x) in xs.enumerated() {
            let v = try ML.numbers(x, node, "input \(k)")
            let (n, c): (Int, Int)
            switch x.rank {
            case 1: (n, c) = (x.shape[0], 1)
            case 2: (n, c) = (x.shape[0], x.shape[1])
            default: throw RuntimeError.node(node, "input \(k) has rank \(x.rank); every input must have 1 or 2 dimensions")
            }
            if let rows, rows != n { throw RuntimeError.node(node, "input \(k) has \(n) rows, input 0 has \(rows)") }
            rows = n
            parts.append((c, v, dims[k]))
        }
        let n = rows ?? 0
        let total = dims.reduce(0, +)
        var out = [Float](repeating: 0, count: n * total)
        var col = 0
        for p in parts {
            for r in 0..<n {
                for j in 0..<min(p.cols, p.want) { out[r * total + col + j] = Float(p.values[r * p.cols + j]) }
            }
            col += p.want
        }
        return [Tensor(uncheckedType: .float, shape: [n, total], storage: .float(out))]
    }
}

extension FeatureVectorizer: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [ValueType(.float, [inputs.at(0)?.shape?.first ?? .unknown, .fixed(dims.reduce(0, +))])]
    }
}
