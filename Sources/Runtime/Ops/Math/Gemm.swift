import OnnxFormat

/// Gemm: Y = alpha * A' * B' + beta * C, where A' is A [M, K] (or its transpose with
/// transA), B' is B [K, N] (or its transpose with transB) and C broadcasts
/// unidirectionally to [M, N] (ai.onnx Gemm, opsets 1-13; C optional from opset 11).
/// Attributes alpha (1.0), beta (1.0), transA (0), transB (0); the opset 1-6 `broadcast`
/// attribute is accepted, broadcasting is always on. float32/float64 run on BLAS,
/// float16/bfloat16 compute in float32; int32, int64, uint32, uint64 use the naive kernel
/// with wrapping arithmetic (alpha and beta other than 1 go through Double and truncate).
struct Gemm: Operator {
    let node: NodeInfo
    let alpha: Float, beta: Float
    let transA: Bool, transB: Bool
    /// op(B) packed at load when B is a float32 constant (alpha 1, A not transposed: a
    /// linear layer); once set, every run uses it and B's values may have been dropped.
    let packedB = FastGemm.PackedRightSlot()

    init(_ node: NodeInfo) throws {
        self.node = node
        alpha = try node.float("alpha", default: 1)
        beta = try node.float("beta", default: 1)
        transA = try node.int("transA", default: 0) != 0
        transB = try node.int("transB", default: 0) != 0
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let a = try node.required(inputs, 0), b = try node.required(inputs, 1)
        let c = node.optional(inputs, 2)
        guard a.rank == 2, b.rank == 2 else {
            throw RuntimeError.node(node, "A \(a.shape) and B \(b.shape) must be matrices")
        }
        guard a.dataType == b.dataType else {
            throw RuntimeError.node(node, "A and B types differ (\(a.dataType) and \(b.dataType))")
        }
        let m = transA ? a.shape[1] : a.shape[0], k = transA ? a.shape[0] : a.shape[1]
        let kb = transB ? b.shape[1] : b.shape[0], n = transB ? b.shape[0] : b.shape[1]
        guard k == kb else {
            throw RuntimeError.node(node, "inner dimensions differ: A' is \(m)x\(k), B' is \(kb)x\(n)")
        }
        var cMap: [Int]? = nil
        if let c {
            guard c.rank <= 2, (try? Broadcast.shape([m, n], c.shape)) == [m, n] else {
                throw RuntimeError.node(node, "C shape \(c.shape) does not broadcast to [\(m), \(n)]")
            }
            cMap = c.shape == [m, n] ? nil : Broadcast.indexMap(from: c.shape, to: [m, n])
        }
        let dims = (m: m, n: n, k: k)
        switch (a.storage, b.storage) {
        case (.float, .float), (.bits16, .bits16):
            return [try floating(Float.self, a, b, c, cMap, dims)]
        case (.double, .double):
            return [try floating(Double.self, a, b, c, cMap, dims)]
        case (.int32(let x), .int32(let y)):
            return [Tensor(uncheckedType: .int32, shape: [m, n], storage: .int32(try integer(x, y, c, cMap, dims)))]
        case (.int64(let x), .int64(let y)):
            return [Tensor(uncheckedType: .int64, shape: [m, n], storage: .int64(try integer(x, y, c, cMap, dims)))]
        case (.uint32(let x), .uint32(let y)):
            return [Tensor(uncheckedType: .uint32, shape: [m, n], storage: .uint32(try integer(x, y, c, cMap, dims)))]
        case (.uint64(let x), .uint64(let y)):
            return [Tensor(uncheckedType: .uint64, shape: [m, n], storage: .uint64(try integer(x, y, c, cMap, dims)))]
        default:
            throw RuntimeError.node(node, "element type \(a.dataType) is not supported")
        }
    }

    func floating<T: NNScalar>(_: T.Type, _ a: Tensor, _ b: Tensor, _ c: Tensor?, _ cMap: [Int]?,
                               _ d: (m: Int, n: Int, k: Int)) throws -> Tensor {
        var y = [T](repeating: 0, count: d.m * d.n)
        var betaT: T = 0
        if let c, beta != 0 {
            let xc = try node.elements(c, T.self, "C")
            let bt = T(beta)
            for i in 0..<y.count { y[i] = bt * xc[cMap?[i] ?? i] }
            betaT = 1
        }
        if let packed = packedB.matrix {
            // B packed at load (its values may be gone): float32 A, not transposed, alpha 1.
            guard T.self == Float.self, packed.k == d.k, packed.n == d.n else {
                throw RuntimeError.node(node, "A \(a.shape) (\(a.dataType)) does not fit B as packed at load [\(packed.k), \(packed.n)]")
            }
            try y.withUnsafeMutableBufferPointer { py in
                guard let yb = FloatBuffers.mutable(py) else { return }
                try node.wrap { try FastGemm.multiply(a, rows: d.m, by: packed, beta: betaT == 0 ? 0 : 1, into: yb) }
            }
            return T.tensor(y, shape: [d.m, d.n], as: a.dataType)
        }
        let xa = try node.elements(a, T.self, "A"), xb = try node.elements(b, T.self, "B")
        try xa.withUnsafeBufferPointer { pa in try xb.withUnsafeBufferPointer { pb in try y.withUnsafeMutableBufferPointer { py in
            guard let ab = pa.baseAddress, let bb = pb.baseAddress, let yb = py.baseAddress else { return }
            try node.wrap {
                try GemmKernel.run(transA: transA, transB: transB, m: d.m, n: d.n, k: d.k, alpha: T(alpha),
                                   a: ab, lda: a.shape[1], b: bb, ldb: b.shape[1], beta: betaT, c: yb, ldc: d.n)
            }
        } } }
        return T.tensor(y, shape: [d.m, d.n], as: a.dataType)
    }

    func integer<I: FixedWidthInteger>(_ a: [I], _ b: [I], _ c: Tensor?, _ cMap: [Int]?,
                                       _ d: (m: Int, n: Int, k: Int)) throws -> [I] {
        var y = [I](repeating: 0, count: d.m * d.n)
        a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in y.withUnsafeMutableBufferPointer { py in
            NaiveGemm.integer(m: d.m, n: d.n, k: d.k, a: pa, aOffset: 0, b: pb, bOffset: 0, c: py, cOffset: 0,
                              transA: transA, transB: transB)
        } } }
        var cv: [Int64]? = nil
        if let c {
            guard !c.dataType.isFloatingPoint, let v = c.asInt64s() else {
                throw RuntimeError.node(node, "C has element type \(c.dataType), expected the integer type of A")
            }
            cv = v
        }
        if alpha == 1 && (beta == 1 || cv == nil) {
            if let cv { for i in 0..<y.count { y[i] = y[i] &+ I(truncatingIfNeeded: cv[cMap?[i] ?? i]) } }
            return y
        }
        for i in 0..<y.count {
            var v = Double(alpha) * Double(y[i])
            if let cv { v += Double(beta) * Double(cv[cMap?[i] ?? i]) }
            let t = v.rounded(.towardZero)
            y[i] = t.isNaN ? 0 : t >= 9.2e18 ? I.max : t <= -9.2e18 ? I.min : I(clamping: Int64(t))
        }
        return y
    }
}

extension Gemm: ShapeInferring {
    /// Y [M, N] from A' [M, K] and B' [K, N]; C must broadcast to [M, N].
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let a: ValueType? = inputs.at(0), b: ValueType? = inputs.at(1)
        if let ta = a?.dataType, let tb = b?.dataType, ta != tb {
            throw RuntimeError.node(node, "A and B types differ (\(ta) and \(tb))")
        }
        let type = a?.dataType ?? b?.dataType
        for (t, what) in [(a, "A"), (b, "B")] {
            if let s = t?.shape, s.count != 2 { throw RuntimeError.node(node, "\(what) \(ShapeInference.describe(s)) must be a matrix") }
        }
        let sa = a?.shape, sb = b?.shape
        let m = sa.map { transA ? $0[1] : $0[0] } ?? .unknown, k = sa.map { transA ? $0[0] : $0[1] } ?? .unknown
        let kb = sb.map { transB ? $0[1] : $0[0] } ?? .unknown, n = sb.map { transB ? $0[0] : $0[1] } ?? .unknown
        if let p = k.value, let q = kb.value, p != q {
            throw RuntimeError.node(node, "inner dimensions differ: A' is \(m)x\(k), B' is \(kb)x\(n)")
        }
        if let c = inputs.at(2)?.shape {
            let out = c.count <= 2 ? try? ShapeInference.broadcast([m, n], c) : nil
            guard let out, m.value == nil || out[0] == m, n.value == nil || out[1] == n else {
                throw RuntimeError.node(node, "C shape \(ShapeInference.describe(c)) does not broadcast to [\(m), \(n)]")
            }
        }
        return [ValueType(type, [m, n])]
    }
}

extension Gemm: Prepacking {
    /// Packs a constant float32 B (a linear layer's weights, usually transB) for the GEMM
    /// kernel when A is float32, not transposed, and alpha is 1; B is not read again.
    func prepack(constants: [Tensor?], types: [ValueType?]) -> Set<Int> {
        guard !transA, alpha == 1, let b = constants.at(1), b.dataType == .float, b.rank == 2,
              types.at(0)?.dataType == .float, let packed = FastGemm.PackedRight(b, transposed: transB) else { return [] }
        packedB.matrix = packed
        return [1]
    }
}

extension Gemm: FilePrepacking {
    /// B packed slice by slice from its file, under the same conditions as above.
    func prepack(file: ExternalTensorFile, input index: Int, types: [ValueType?]) throws -> Bool {
        guard index == 1, !transA, alpha == 1, types.at(0)?.dataType == .float,
              let packed = try FastGemm.PackedRight(reading: file, transposed: transB) else { return false }
        packedB.matrix = packed
        return true
    }
}
