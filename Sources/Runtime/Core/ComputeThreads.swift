import CBLAS
import Dispatch

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

    /// Runs `body(0..<parts)` on up to `parts` threads and returns when all are done.
    /// GCD's workers block when idle (no spinning), so other engines timed in the same
    /// process are not slowed by them.
    static func parallel(_ parts: Int, _ body: (Int) -> Void) {
        if parts <= 1 { if parts == 1 { body(0) }; return }
        // The parts write disjoint memory by construction (the callers' contract), which
        // the type system cannot see: hence the unchecked box.
        withoutActuallyEscaping(body) { b in
            let box = UncheckedSendable(b)
            DispatchQueue.concurrentPerform(iterations: parts) { box.value($0) }
        }
    }
}

/// Hands a value to `parallel`'s workers; the caller guarantees they use it safely.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
