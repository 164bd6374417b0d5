import CBLAS
import CKernels

/// The number of threads the runtime's kernels use: Parity's own kernels (GEMM, convolution,
/// pooling) split their work across this many threads on GCD's pool.
///
/// OpenBLAS (float64 products, CPUs without AVX-512) stays single-threaded: its pool
/// busy-waits for ~100 ms after each multi-threaded call (measured here), which on a
/// 2-core machine takes the second core away from our own workers and from whatever runs
/// next in the process.
public enum ComputeThreads {
    nonisolated(unsafe) private static var count = 1

    /// Sets the thread count for subsequent runs (at least 1). Not meant to change while
    /// a model runs.
    public static func set(_ n: Int) {
        count = max(1, n)
        openblas_set_num_threads(1)
    }
    public static var current: Int { count }

    /// Runs `body(0..<parts)` on up to `parts` threads (the caller and the C pool of
    /// `pk_parallel_for`, whose workers spin briefly between jobs instead of sleeping) and
    /// returns when all are done. Parts must not call `parallel` themselves.
    static func parallel(_ parts: Int, _ body: (Int) -> Void) {
        if parts <= 1 { if parts == 1 { body(0) }; return }
        withoutActuallyEscaping(body) { b in
            var box = b
            withUnsafeMutablePointer(to: &box) { ctx in
                _ = pk_parallel_for(parts, { raw, part in
                    guard let raw else { return }
                    raw.assumingMemoryBound(to: ((Int) -> Void).self).pointee(part)
                }, ctx)
            }
        }
    }
}

/// Hands a value to `parallel`'s workers; the caller guarantees they use it safely.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
