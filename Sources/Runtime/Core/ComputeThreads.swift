import CBLAS

/// The number of threads the runtime's kernels use. Today that is OpenBLAS's pool (GEMM
/// and convolution); the runtime's own loops are single-threaded.
public enum ComputeThreads {
    /// Sets the thread count for subsequent runs (at least 1).
    public static func set(_ n: Int) {
        openblas_set_num_threads(Int32(max(1, n)))
    }
    public static var current: Int { Int(openblas_get_num_threads()) }
}
