import CBLAS
import CKernels
#if canImport(Glibc)
import Glibc
#endif

/// The number of threads the runtime's kernels use: Parity's own kernels (GEMM, convolution,
/// pooling) split their work across this many threads on the C pool (`pk_parallel_for`).
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
        quietBLAS()
    }

    /// Keeps OpenBLAS on the calling thread and stops the worker threads its pthreads build
    /// starts when the library loads: they spin (sched_yield) until a timeout, taking a
    /// second core from every fresh process for its first ~0.1 s (measured: a one-thread
    /// `parity run` of efficientnet_b0 used 1.65 CPUs over its 79 ms, 0.95 with the pool
    /// stopped; its load ran beside the spinning thread). `blas_thread_shutdown_` is looked
    /// up at run time: other BLAS builds do not have it. Idempotent and cheap.
    public static func quietBLAS() { _ = blasQuieted }

    private static let blasQuieted: Void = {
        openblas_set_num_threads(1)
        if let handle = dlopen(nil, RTLD_NOW), let f = dlsym(handle, "blas_thread_shutdown_") {
            _ = unsafeBitCast(f, to: (@convention(c) () -> Int32).self)()
        }
    }()
    public static var current: Int { count }

    /// Keeps the pool's workers spinning between jobs until `release()`, and wakes sleeping
    /// ones now, so their wake-up overlaps the caller's serial work; the first hold also
    /// keeps the caller on its CPU until `release()` and places the workers on the other
    /// CPUs (`pk_pool_hold`; `PARITY_PIN_THREADS=0` leaves that to the scheduler). For one inference: waking a
    /// sleeping worker mid-run costs up to milliseconds where idle CPUs halt (virtual
    /// machines). Returns false, and holds nothing, when running on one thread.
    static func hold() -> Bool {
        guard count > 1 else { return false }
        pk_pool_hold(1)
        return true
    }

    /// Ends a `hold()` that returned true.
    static func release() { pk_pool_hold(0) }

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

    /// Splits 0..<count into up to `parts` contiguous ranges of equal length (the last may
    /// be shorter) and runs `body` on each non-empty one in parallel.
    static func parallelRanges(_ count: Int, parts: Int, _ body: (Swift.Range<Int>) -> Void) {
        _ = parallelRangesSucceed(count, parts: parts) { body($0); return 0 }
    }

    /// `parallelRanges` for C kernels that return a status: true when every call returned 0.
    static func parallelRangesSucceed(_ count: Int, parts: Int, _ body: (Swift.Range<Int>) -> Int32) -> Bool {
        let parts = max(1, min(parts, count))
        let per = (count + parts - 1) / parts
        let status = UnsafeMutablePointer<Int32>.allocate(capacity: parts)
        defer { status.deallocate() }
        status.initialize(repeating: 0, count: parts)
        let s = UncheckedSendable(status)
        parallel(parts) { t in
            let lo = t * per, hi = min(count, lo + per)
            if hi > lo { s.value[t] = body(lo..<hi) }
        }
        return (0..<parts).allSatisfy { status[$0] == 0 }
    }
}

/// Hands a value to `parallel`'s workers; the caller guarantees they use it safely.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
