import CKernels
import OnnxFormat
import Foundation

/// Parity's own AVX-512 single-precision GEMM (`Sources/CKernels`), split across
/// `ComputeThreads`. `GemmKernel.run` sends float32 products here when the CPU has AVX-512;
/// other CPUs and element types use OpenBLAS. `PARITY_KERNELS=blas` forces OpenBLAS (for
/// comparisons).
enum FastGemm {
    static let available: Bool = {
        if ProcessInfo.processInfo.environment["PARITY_KERNELS"] == "blas" { return false }
        return pk_avx512_available() != 0
    }()

    /// The register tile's row count: row splits of a prepacked product fall on multiples of it.
    static let rowBlock = pk_sgemm_row_block()

    /// Below this many multiply-adds (~2 µs of work) a product is not worth a second thread
    /// (the pool's workers are awake between jobs, so a split costs well under that).
    static let parallelThreshold = 1 << 18

    /// A constant left operand (weights) packed once into the kernel's panel layout.
    final class PackedMatrix: @unchecked Sendable {
        let m: Int, k: Int
        let data: UnsafeMutablePointer<Float>

        /// Packs alpha * op(A), A being m x k as used (k x m stored when `transA`).
        init(transA: Bool = false, m: Int, k: Int, alpha: Float = 1, a: UnsafePointer<Float>, lda: Int) {
            self.m = m
            self.k = k
            let count = max(pk_sgemm_packed_a_count(m, k), 1)
            data = .allocate(capacity: count)
            pk_sgemm_pack_a(transA ? 1 : 0, m, k, alpha, a, lda, data)
        }
        /// Room for an m x k A in the packed layout, left for a C routine to fill (one that
        /// packs row blocks itself: `pk_winograd_pack_weights`).
        init(unfilledM m: Int, k: Int) {
            self.m = m
            self.k = k
            data = .allocate(capacity: max(pk_sgemm_packed_a_count(m, k), 1))
        }
        deinit { data.deallocate() }
    }

    /// A constant right operand (MatMul weights [K, N]) packed once into the kernel's column
    /// panels: each panel is then one contiguous stream the kernel fetches ahead of use
    /// (read in place, its rows lie N floats apart; BERT's 768 x 3072 products ran 1.4-1.6x
    /// slower that way with the weights coming from memory, as they do in a model).
    final class PackedRight: @unchecked Sendable {
        let k: Int, n: Int
        let data: UnsafeMutablePointer<Float>

        /// Packs `b` ([K, N] float32; stored [N, K] when `transposed`).
        init?(_ b: Tensor, transposed: Bool = false) {
            guard FastGemm.available, b.dataType == .float, b.rank == 2, case .float(let values) = b.storage else { return nil }
            k = transposed ? b.shape[1] : b.shape[0]
            n = transposed ? b.shape[0] : b.shape[1]
            guard k > 0, n > 0 else { return nil }
            let count = pk_sgemm_packed_b_count(k, n)
            data = .allocate(capacity: max(count, 1))
            let (k, n, data) = (k, n, data)
            values.withUnsafeBufferPointer { p in
                if let base = p.baseAddress { pk_sgemm_pack_b(transposed ? 1 : 0, k, n, base, transposed ? k : n, data) }
            }
        }
        /// Packs a float32 B ([K, N]; stored [N, K] when `transposed`) read from its file
        /// a slice at a time (`ExternalTensorFile`), so that B's elements are never all in
        /// memory beside their packed form: packing a decoded weight held both, for a
        /// moment, on top of everything loaded before it (vit_b_16's 9 MB MLP weights,
        /// mobilenet_v3_small's 4 MB classifier, most of a small MLP). nil when the kernel
        /// is unavailable or the file does not hold a float32 matrix; throws when a read
        /// fails (the message names the tensor).
        init?(reading file: ExternalTensorFile, transposed: Bool = false) throws {
            guard FastGemm.available, file.dataType == .float, file.shape.count == 2 else { return nil }
            let rows = file.shape[0], width = file.shape[1]  // as stored
            let k = transposed ? width : rows, n = transposed ? rows : width
            guard k > 0, n > 0 else { return nil }
            // Slices of about 256 KB; whole 32-column panels when the stored rows are columns.
            let panel = transposed ? 32 : 1
            // Filled before any property is set: a throw then leaves nothing for deinit.
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: max(pk_sgemm_packed_b_count(k, n), 1))
            do {
                try file.forEachRowSlice(rows: rows, rowElements: width, step: max(panel, (1 << 16) / width / panel * panel)) {
                    first, count, slice in
                    guard pk_sgemm_pack_b_part(transposed ? 1 : 0, k, n, first, count, slice.assumingMemoryBound(to: Float.self),
                                               width, buffer) == 0 else {
                        throw RuntimeError("tensor '\(file.name)': packing rows \(first)..<\(first + count) failed")
                    }
                }
            } catch {
                buffer.deallocate()
                throw error
            }
            self.k = k
            self.n = n
            data = buffer
        }
        deinit { data.deallocate() }
    }

    /// Where an operator keeps the right operand it packed: filled once by `prepack` before
    /// any run (the session builds ops, then packs, then runs; runs only read it).
    final class PackedRightSlot: @unchecked Sendable {
        var matrix: PackedRight?
    }

    /// C [rows, N] = A * packed + beta * C for a float32 A of `rows` x K elements (any
    /// shape: MatMul's batch dimensions fold into the rows). Throws a one-line message when
    /// A is not float32 or does not have that many elements.
    static func multiply(_ a: Tensor, rows: Int, by packed: PackedRight, beta: Float,
                         into c: UnsafeMutablePointer<Float>) throws {
        guard a.dataType == .float, case .float(let xa) = a.storage else {
            throw RuntimeError("A is \(a.dataType), the packed B is float32")
        }
        guard xa.count == rows * packed.k else {
            throw RuntimeError("A has \(xa.count) elements, expected \(rows) x \(packed.k) for B as packed at load")
        }
        xa.withUnsafeBufferPointer { pa in
            guard let ab = pa.baseAddress else { return }  // no rows: nothing to compute
            run(m: rows, a: ab, lda: packed.k, packed: packed, beta: beta, c: c, ldc: packed.n)
        }
    }

    /// Row-major C [m, N] = A [m, K] * packed + beta * C, split by columns or rows.
    static func run(m: Int, a: UnsafePointer<Float>, lda: Int, packed: PackedRight, beta: Float = 0,
                    c: UnsafeMutablePointer<Float>, ldc: Int) {
        forEachPart(m: m, n: packed.n, k: packed.k, rowBlock: 1) { r0, rows, c0, cols in
            _ = pk_sgemm_packed_b(rows, packed.n, packed.k, c0, cols, a + r0 * lda, lda, packed.data, beta, c + r0 * ldc, ldc, nil)
        }
    }

    /// Row-major C = alpha * op(A) * op(B) + beta * C (sizes checked by the caller).
    static func run(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        let ta: Int32 = transA ? 1 : 0, tb: Int32 = transB ? 1 : 0
        forEachPart(m: m, n: n, k: k, rowBlock: 1) { r0, rows, c0, cols in
            let ap = transA ? a + r0 : a + r0 * lda
            let bp = transB ? b + c0 * ldb : b + c0
            pk_sgemm(ta, tb, rows, cols, k, alpha, ap, lda, bp, ldb, beta, c + r0 * ldc + c0, ldc)
        }
    }

    /// Row-major C = packed * op(B) + beta * C.
    static func run(packed: PackedMatrix, transB: Bool = false, n: Int, b: UnsafePointer<Float>, ldb: Int,
                    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        let tb: Int32 = transB ? 1 : 0
        forEachPart(m: packed.m, n: n, k: packed.k, rowBlock: rowBlock) { r0, rows, c0, cols in
            let bp = transB ? b + c0 * ldb : b + c0
            pk_sgemm_prepacked(packed.m, r0, rows, cols, packed.k, packed.data, tb, bp, ldb, beta, c + c0, ldc)
        }
    }

    /// Splits C into one block per thread: by columns (in 32-column tiles) when there are
    /// enough and they balance at least as well, else by rows (in `rowBlock` multiples).
    /// Runs inline with one thread.
    static func forEachPart(m: Int, n: Int, k: Int, rowBlock: Int,
                            _ body: (_ row0: Int, _ rows: Int, _ col0: Int, _ cols: Int) -> Void) {
        _ = forEachPartSucceed(m: m, n: n, k: k, rowBlock: rowBlock) { r0, rows, c0, cols in
            body(r0, rows, c0, cols)
            return 0
        }
    }

    /// `forEachPart` for C kernels that return a status: true when every part returned 0.
    static func forEachPartSucceed(m: Int, n: Int, k: Int, rowBlock: Int,
                                   _ body: (_ row0: Int, _ rows: Int, _ col0: Int, _ cols: Int) -> Int32) -> Bool {
        let threads = ComputeThreads.current
        if threads <= 1 || m * n * k < parallelThreshold {
            return body(0, m, 0, n) == 0
        }
        let colTiles = (n + 31) / 32
        let status = UnsafeMutablePointer<Int32>.allocate(capacity: threads)
        defer { status.deallocate() }
        status.initialize(repeating: 0, count: threads)
        // Work per thread in the kernels' 12 x 32 tiles, the busiest thread deciding: a
        // column split that leaves one thread a tile column more than the other (196
        // columns are 7 tiles: 4 + 3) goes by rows when those balance better. That ran
        // resnet50's 14 x 14 1x1 layers on two threads at 0.31 ms against onnxruntime's 0.25.
        let rowTiles = (m + 11) / 12
        let byColumns = (colTiles + threads - 1) / threads * rowTiles
        let rowsPerThread = min(m, ((m + rowBlock - 1) / rowBlock + threads - 1) / threads * rowBlock)
        let byRows = colTiles * ((rowsPerThread + 11) / 12)
        if (colTiles >= 2 * threads || colTiles >= rowTiles) && byColumns <= byRows {
            let per = (colTiles + threads - 1) / threads
            ComputeThreads.parallel(threads) { t in
                let c0 = t * per * 32, c1 = min(n, (t + 1) * per * 32)
                if c1 > c0 { status[t] = body(0, m, c0, c1 - c0) }
            }
        } else {
            let blocks = (m + rowBlock - 1) / rowBlock
            let per = (blocks + threads - 1) / threads
            ComputeThreads.parallel(threads) { t in
                let r0 = t * per * rowBlock, r1 = min(m, (t + 1) * per * rowBlock)
                if r1 > r0 { status[t] = body(r0, r1 - r0, 0, n) }
            }
        }
        return (0..<threads).allSatisfy { status[$0] == 0 }
    }
}
