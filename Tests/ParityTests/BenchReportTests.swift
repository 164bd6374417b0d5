import Foundation
import Testing
@testable import Parity

@Suite struct BenchReportTests {
    @Test func latencyQuantilesAreNearestRank() {
        let s = LatencyStats(seconds: (1...11).map { Double($0) / 1000 }.shuffled())
        #expect(s.medianMs == 6 && s.p10Ms == 2 && s.p90Ms == 10 && s.runs == 11)
        #expect(LatencyStats(seconds: []).medianMs.isNaN)
    }

    func report(framework: String?) -> BenchReport {
        var engines = ["parity": LatencyStats(seconds: [0.002]), "onnxruntime": LatencyStats(seconds: [0.001])]
        if let framework { engines[framework] = LatencyStats(seconds: [0.003]) }
        let row = BenchReport.Row(batch: 8, threads: 2, engines: engines, ratioToOnnxruntime: 2,
                                  peakKiB: ["parity": 3072, "onnxruntime": 2048], settleMs: ["parity": 104, "onnxruntime": 30])
        return BenchReport(model: "m", onnxPath: "/tmp/m.onnx", framework: framework, machine: ["cpu": "x", "cores": "2"],
                           warmup: 1, runs: 1, settle: "auto", parityLoadMs: 30, onnxruntimeSessionMs: 60, rows: [row])
    }

    @Test func renderShowsEveryEngineMemoryAndLoadRatio() {
        let text = report(framework: "keras").render()
        #expect(text.contains("settle auto"))
        #expect(text.contains("(ratio 0.50x)"))
        let lines = text.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("8      2        parity       2.00") && $0.contains("3.00") && $0.hasSuffix("2.00x") }, "\(text)")
        #expect(lines.contains { $0.contains("keras") && $0.contains("3.00") })
        #expect(text.contains("peak MiB: per engine, Parity first: malloc_trim(0)"))
        #expect(!report(framework: nil).render().contains("keras"))
    }

    @Test func jsonCarriesMemoryMethodAndRoundTrips() throws {
        let data = try JSONEncoder().encode(report(framework: "torch"))
        let back = try JSONDecoder().decode(BenchReport.self, from: data)
        #expect(back.schema == "parity.bench/2")
        #expect(back.loadRatio == 0.5)
        #expect(back.memoryMethod == BenchReport.memoryMethodText)
        #expect(back.rows.first?.peakKiB == ["parity": 3072, "onnxruntime": 2048])
        #expect(back.rows.first?.settleMs["parity"] == 104)
    }

    /// The mechanism behind the peak-memory column: after a trim and a peak reset, the
    /// peak grows by what is newly touched, although the memory is freed again at once.
    @Test func peakAfterResetSeesMemoryFreedAgain() throws {
        ProcessMemory.trim()
        #expect(ProcessMemory.resetPeak())
        let before = ProcessMemory.kiB("VmRSS")
        var held = 0
        do {
            var a = [UInt8](repeating: 0, count: 64 << 20)
            for i in stride(from: 0, to: a.count, by: 4096) { a[i] = 1 }
            #expect(a[4096] == 1)
            held = ProcessMemory.kiB("VmRSS")
        }
        ProcessMemory.trim()
        let grown = ProcessMemory.kiB("VmHWM") - before
        #expect(grown >= 60 << 10, "peak grew by \(grown) KiB for 64 MiB touched")
        // Against the resident set while the 64 MiB were held, read just before the free:
        // other suites run in this process at the same time, so a baseline taken before the
        // allocation also saw their growth (once 50 MB of it, failing a clean-clone run).
        #expect(ProcessMemory.kiB("VmRSS") < held - (32 << 10), "the 64 MiB were not returned")
    }
}
