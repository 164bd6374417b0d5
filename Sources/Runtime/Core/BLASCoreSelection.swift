import CBLAS
import Foundation

/// Picks OpenBLAS's AVX-512 kernels on CPUs its detection does not know.
///
/// Debian's OpenBLAS 0.3.21 chooses its kernels in a library constructor, before `main`,
/// from the CPU model number. It predates AMD Zen 5 and falls back to its Haswell (AVX2)
/// kernels there although the CPU has AVX-512: sgemm then runs at ~115 GFLOP/s on one
/// core instead of ~220 GFLOP/s with the SkylakeX kernels (measured on this platform,
/// resnet18's conv shapes). The only switch is `OPENBLAS_CORETYPE` in the environment of
/// a fresh process image, so the CLI re-executes itself once with it set.
public enum BLASCoreSelection {
    /// The core OpenBLAS selected in this process (lower-case, e.g. "haswell", "skylakex").
    public static var current: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name).lowercased()
    }

    /// The `OPENBLAS_CORETYPE` this process should have been started with, or nil when
    /// OpenBLAS's own choice is already the best one (or the user chose explicitly).
    public static func betterCoreType(environment: [String: String] = ProcessInfo.processInfo.environment,
                                      cpuFlags: Set<String>? = nil) -> String? {
        if environment["OPENBLAS_CORETYPE"] != nil { return nil }
        guard ["haswell", "zen"].contains(current) else { return nil }
        let flags = cpuFlags ?? readCPUFlags()
        // SkylakeX kernels need AVX-512 F, DQ, BW and VL.
        let needed: Set<String> = ["avx512f", "avx512dq", "avx512bw", "avx512vl"]
        return needed.isSubset(of: flags) ? "SkylakeX" : nil
    }

    /// The feature flags of the first CPU in /proc/cpuinfo (empty when unreadable).
    static func readCPUFlags() -> Set<String> {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return [] }
        for line in text.split(separator: "\n") where line.hasPrefix("flags") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
        }
        return []
    }
}
