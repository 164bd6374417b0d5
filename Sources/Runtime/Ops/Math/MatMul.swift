import OnnxFormat

/// MatMul: matrix product with numpy.matmul semantics (ai.onnx MatMul, opsets 1-13): a
/// 1-D A is promoted to [1, K] and a 1-D B to [K, 1] (the added axis is removed from the
/// result), leading batch dimensions broadcast. float32/float64 run on BLAS (one GEMM for
/// the whole batch when B has no batch dimensions, else one per batch), float16/bfloat16
/// compute in float32; int32, int64, uint32, uint64 use the naive kernel with wrapping
/// arithmetic.
struct MatMul: Operator {
    let node: NodeInfo
    /// A constant float32 B [K, N] packed at load (weights of a linear layer); once set,
    /// every run uses it and the session may have dropped B's values (see `Prepacking`).
    let packedB = FastGemm.PackedRightSlot()
    init(_ node: NodeInfo) throws { self.node = node }

    /// Shapes and per-batch offsets of one product.
    struct Plan {
        var m = 0, n = 0, k = 0
        var batch = 1
        var aOffsets: [Int] = [], bOffsets: [Int] = []
        /// A is contiguous over the whole batch and B shared: one GEMM with M = batch * m.
        var foldBatch = false
        var outShape: [Int] = []
    }

    static func plan(_ sa: [Int], _ sb: [Int]) throws -> Plan {
        guard !sa.isEmpty, !sb.isEmpty else { throw RuntimeError("MatMul inputs must have rank >= 1, got \(sa) and \(sb)") }
        let a = sa.count == 1 ? [1] + sa : sa
        let b = sb.count == 1 ? sb + [1] : sb
        var p = Plan()
        p.m = a[a.count - 2]; p.k = a[a.count - 1]
        p.n = b[b.count - 1]
        guard b[b.count - 2] == p.k else {
            throw RuntimeError("inner dimensions differ: \(sa) and \(sb)")
        }
        let ba = Array(a.dropLast(2)), bb = Array(b.dropLast(2))
        let batchShape = try Broadcast.shape(ba, bb)
        p.batch = Tensor.elementCount(batchShape)
        let bCount = Tensor.elementCount(bb)
        p.foldBatch = bCount == 1 && Tensor.elementCount(ba) == p.batch
        if !p.foldBatch {
            p.aOffsets = Broadcast.indexMap(from: ba, to: batchShape).map { $0 * p.m * p.k }
            p.bOffsets = Broadcast.indexMap(from: bb, to: batchShape).map { $0 * p.k * p.n }
        }
        p.outShape = batchShape
        if sa.count > 1 { p.outShape.append(p.m) }
        if sb.count > 1 { p.outShape.append(p.n) }
        return p
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let a = try node.required(inputs, 0), b = try node.required(inputs, 1)
        guard a.dataType == b.dataType else {
            throw RuntimeError.node(node, "A and B types differ (\(a.dataType) and \(b.dataType))")
        }
        let p = try node.wrap { try MatMul.plan(a.shape, b.shape) }
        switch (a.storage, b.storage) {
        case (.float, .float), (.bits16, .bits16):
            return [try floating(Float.self, a, b, p)]
        case (.double, .double):
            return [try floating(Double.self, a, b, p)]
        case (.int32(let x), .int32(let y)):
            return [Tensor(uncheckedType: .int32, shape: p.outShape, storage: .int32(MatMul.integer(x, y, p)))]
        case (.int64(let x), .int64(let y)):
            return [Tensor(uncheckedType: .int64, shape: p.outShape, storage: .int64(MatMul.integer(x, y, p)))]
        case (.uint32(let x), .uint32(let y)):
            return [Tensor(uncheckedType: .uint32, shape: p.outShape, storage: .uint32(MatMul.integer(x, y, p)))]
        case (.uint64(let x), .uint64(let y)):
            return [Tensor(uncheckedType: .uint64, shape: p.outShape, storage: .uint64(MatMul.integer(x, y, p)))]
        default:
            throw RuntimeError.node(node, "element type \(a.dataType) is not supported")
        }
    }

    func floating<T: NNScalar>(_: T.Type, _ a: Tensor, _ b: Tensor, _ p: Plan) throws -> Tensor {
        if let packed = packedB.matrix {
            return try node.wrap { try MatMul.productPacked(a, packed, p) }
        }
        let xa = try node.elements(a, T.self, "A"), xb = try node.elements(b, T.self, "B")
        let y = try node.wrap { try MatMul.product(xa, xb, p) }
        return T.tensor(y, shape: p.outShape, as: a.dataType)
    }

    /// A [..., M, K] times the B packed at load (float32, 2-D), whose values the session
    /// may have dropped: B's shape comes from the plan, its elements from `packed`.
    static func productPacked(_ a: Tensor, _ packed: FastGemm.PackedRight, _ p: Plan) throws -> Tensor {
        guard p.foldBatch, packed.k == p.k, packed.n == p.n else {
            throw RuntimeError("B was packed as [\(packed.k), \(packed.n)], the product needs [\(p.k), \(p.n)]")
        }
        let rows = p.batch * p.m
        // beta 0: the kernel writes every element.
        let y = try [Float](unsafeUninitializedCapacity: rows * p.n) { out, initialized in
            if let yb = out.baseAddress { try FastGemm.multiply(a, rows: rows, by: packed, beta: 0, into: yb) }
            initialized = rows * p.n
        }
        return Tensor(uncheckedType: .float, shape: p.outShape, storage: .float(y))
    }

    /// The product in floating point with BLAS.
    static func product<T: GemmScalar>(_ xa: [T], _ xb: [T], _ p: Plan) throws -> [T] {
        // Every element is written by a GEMM with beta 0 (or zeroed below when K == 0).
        var y = [T](unsafeUninitializedCapacity: p.batch * p.m * p.n) { o, c in
            if p.k == 0 || xa.isEmpty || xb.isEmpty, let base = o.baseAddress { base.initialize(repeating: 0, count: o.count) }
            c = o.count
        }
        try xa.withUnsafeBufferPointer { pa in try xb.withUnsafeBufferPointer { pb in try y.withUnsafeMutableBufferPointer { py in
            guard let yb = py.baseAddress else { return }
            guard let ab = pa.baseAddress, let bb = pb.baseAddress else {
                // An empty input with a non-empty output: K == 0, the product is zero.
                return
            }
            if p.foldBatch {
                try GemmKernel.run(m: p.batch * p.m, n: p.n, k: p.k, a: ab, lda: p.k, b: bb, ldb: p.n, c: yb, ldc: p.n)
                return
            }
            for i in 0..<p.batch {
                try GemmKernel.run(m: p.m, n: p.n, k: p.k, a: ab + p.aOffsets[i], lda: p.k, b: bb + p.bOffsets[i], ldb: p.n,
                                   c: yb + i * p.m * p.n, ldc: p.n)
            }
        } } }
        return y
    }

    /// The product over integers (wrapping), with the naive kernel.
    static func integer<I: FixedWidthInteger>(_ xa: [I], _ xb: [I], _ p: Plan) -> [I] {
        var y = [I](repeating: 0, count: p.batch * p.m * p.n)
        xa.withUnsafeBufferPointer { pa in xb.withUnsafeBufferPointer { pb in y.withUnsafeMutableBufferPointer { py in
            for i in 0..<p.batch {
                NaiveGemm.integer(m: p.m, n: p.n, k: p.k, a: pa, aOffset: p.foldBatch ? i * p.m * p.k : p.aOffsets[i],
                                  b: pb, bOffset: p.foldBatch ? 0 : p.bOffsets[i], c: py, cOffset: i * p.m * p.n)
            }
        } } }
        return y
    }
}

extension MatMul: Prepacking {
    /// Packs a constant float32 2-D B (the weights of a linear layer) for the GEMM kernel
    /// when A is float32 too; from then on B's values are not read again.
    func prepack(constants: [Tensor?], types: [ValueType?]) -> Set<Int> {
        guard let b = constants.at(1), b.dataType == .float, b.rank == 2, types.at(0)?.dataType == .float,
              let packed = FastGemm.PackedRight(b) else { return [] }
        packedB.matrix = packed
        return [1]
    }
}

extension MatMul: ShapeInferring {
    /// numpy.matmul shapes: batch dimensions broadcast, [.., M, K] x [.., K, N] -> [.., M, N],
    /// with the axis added to a 1-D operand removed again.
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let a: ValueType? = inputs.at(0), b: ValueType? = inputs.at(1)
        if let ta = a?.dataType, let tb = b?.dataType, ta != tb {
            throw RuntimeError.node(node, "A and B types differ (\(ta) and \(tb))")
        }
        let type = a?.dataType ?? b?.dataType
        guard let sa = a?.shape, let sb = b?.shape else { return [ValueType(type, nil)] }
        guard !sa.isEmpty, !sb.isEmpty else {
            throw RuntimeError.node(node, "MatMul inputs must have rank >= 1, got \(ShapeInference.describe(sa)) and \(ShapeInference.describe(sb))")
        }
        let pa = sa.count == 1 ? [.fixed(1)] + sa : sa
        let pb = sb.count == 1 ? sb + [.fixed(1)] : sb
        if let k = pa[pa.count - 1].value, let kb = pb[pb.count - 2].value, k != kb {
            throw RuntimeError.node(node, "inner dimensions differ: \(ShapeInference.describe(sa)) and \(ShapeInference.describe(sb))")
        }
        var out = try node.wrap { try ShapeInference.broadcast(Array(pa.dropLast(2)), Array(pb.dropLast(2))) }
        if sa.count > 1 { out.append(pa[pa.count - 2]) }
        if sb.count > 1 { out.append(pb[pb.count - 1]) }
        return [ValueType(type, out)]
    }
}

extension MatMul: FilePrepacking {
    /// B packed slice by slice from its file, under the same conditions as above.
    func prepack(file: ExternalTensorFile, input index: Int, types: [ValueType?]) throws -> Bool {
        guard index == 1, types.at(0)?.dataType == .float,
              let packed = try FastGemm.PackedRight(reading: file) else { return false }
        packedB.matrix = packed
        return true
    }
}
