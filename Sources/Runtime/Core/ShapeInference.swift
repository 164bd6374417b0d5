import OnnxFormat

/// An operator that can tell its outputs' types before anything runs.
///
/// `inputs[i]` is what is known of input i (nil: nothing, or an omitted optional input);
/// `constants[i]` is its value when it is an initializer or was folded at load time (for
/// Reshape's shape, Slice's starts, Unsqueeze's axes...). The result lists one type per
/// output, nil where it cannot be told. It must never be wrong: when unsure, say less
/// (an unknown dimension, an unknown rank, nil). Throw only for a certain inconsistency.
public protocol ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?]
}

extension Array {
    /// The element at `i` if in range, with the optional flattened: `inputs.at(1)`.
    func at<T>(_ i: Int) -> T? where Element == T? { i >= 0 && i < count ? self[i] : nil }
}

/// Static type and shape inference over a bound graph, and the helpers the operators'
/// `inferTypes` share.
public enum ShapeInference {
    /// Propagates types through `nodes` (in topological order), starting from `types`
    /// (graph inputs and constants). `declared` holds the types the graph states for
    /// outputs and value_info entries: each must agree with the inferred one (a fixed size
    /// against a symbol agrees) and fills in what inference left unknown. Returns every
    /// value's type; an inconsistency is an error naming the node.
    static func run(nodes: [(NodeInfo, any Operator)], types initial: [String: ValueType],
                    constants: [String: Tensor], declared: [String: (what: String, type: ValueType)]) throws -> [String: ValueType] {
        var types = initial
        for (info, op) in nodes {
            let outs: [ValueType?]
            if info.outputNames.allSatisfy({ $0.isEmpty || constants[$0] != nil }) {
                outs = info.outputNames.map { constants[$0].map(ValueType.init(of:)) }
            } else if let op = op as? any ShapeInferring {
                let ins = info.inputNames.map { $0.isEmpty ? nil : types[$0] }
                let consts = info.inputNames.map { $0.isEmpty ? nil : constants[$0] }
                do {
                    outs = try op.inferTypes(ins, constants: consts)
                } catch let e as RuntimeError {
                    if e.description.hasPrefix("node '") { throw e }
                    throw RuntimeError.node(info, e.description)
                } catch {
                    throw RuntimeError.node(info, "\(error)")
                }
            } else {
                outs = []
            }
            for (k, name) in info.outputNames.enumerated() where !name.isEmpty {
                var t: ValueType? = outs.at(k)
                if t?.isUnknown == true { t = nil }
                if let d = declared[name] {
                    if let inferred = t {
                        guard let m = inferred.merged(with: d.type) else {
                            throw RuntimeError.node(info, "\(d.what) '\(name)' is declared \(d.type) but inferred \(inferred)")
                        }
                        t = m
                    } else {
                        t = d.type
                    }
                }
                if let t { types[name] = t }
            }
        }
        return types
    }

    // MARK: helpers for `inferTypes`

    /// Multidirectional (numpy) broadcasting of two shapes. A fixed size other than 1 wins
    /// over a symbol or unknown; equal symbols stay; anything else is unknown.
    public static func broadcast(_ a: [ValueType.Dim], _ b: [ValueType.Dim]) throws -> [ValueType.Dim] {
        let r = max(a.count, b.count)
        var out: [ValueType.Dim] = []
        for i in 0..<r {
            let x = i < r - a.count ? .fixed(1) : a[i - (r - a.count)]
            let y = i < r - b.count ? .fixed(1) : b[i - (r - b.count)]
            switch (x, y) {
            case (.fixed(let p), .fixed(let q)):
                guard p == q || p == 1 || q == 1 else {
                    throw RuntimeError("shapes \(describe(a)) and \(describe(b)) cannot be broadcast")
                }
                out.append(.fixed(p == 1 ? q : p))
            case (.fixed(1), _): out.append(y)
            case (_, .fixed(1)): out.append(x)
            case (.fixed, _): out.append(x)
            case (_, .fixed): out.append(y)
            case (.symbol(let s), .symbol(let t)) where s == t: out.append(x)
            default: out.append(.unknown)
            }
        }
        return out
    }

    /// The output of an elementwise op broadcasting all its (present) inputs: the
    /// broadcast shape (unknown rank if any input's is) and the element type `result`, or
    /// the inputs' common type. `sameType`: the inputs must share one element type.
    public static func broadcast(_ inputs: [ValueType?], sameType: Bool = true, result: DataType? = nil) throws -> ValueType {
        var shape: [ValueType.Dim]? = []
        var type: DataType?
        for t in inputs {
            guard let t else { shape = nil; continue }
            if sameType, let a = type, let b = t.dataType, a != b {
                throw RuntimeError("input types differ (\(a) and \(b))")
            }
            type = type ?? t.dataType
            if let s = shape, let ts = t.shape { shape = try broadcast(s, ts) } else { shape = nil }
        }
        return ValueType(result ?? type, shape)
    }

    /// Integers of a constant shape-like input (int32/int64), or nil if not constant.
    static func ints(_ constants: [Tensor?], _ i: Int, _ node: NodeInfo, _ what: String) throws -> [Int]? {
        guard let t: Tensor = constants.at(i) else { return nil }
        return try Index.ints(t, node, what)
    }

    /// "[1,3]"
    static func describe(_ s: [ValueType.Dim]) -> String { "[\(s.map(\.description).joined(separator: ","))]" }
}

/// Ops whose single output has input 0's element type and shape: unary elementwise math,
/// activations, the Softmax family, Identity, Trilu, the scatters.
protocol PreservesInputType: ShapeInferring {}
extension PreservesInputType {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] { [inputs.at(0)] }
}

extension NodeInfo {
    /// True when the node names input `i` (ONNX omits optional inputs with an empty name).
    func hasInput(_ i: Int) -> Bool { i >= 0 && i < inputNames.count && !inputNames[i].isEmpty }
}
