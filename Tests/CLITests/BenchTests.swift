import Foundation
import Testing

/// `parity bench` as a user runs it: end to end with every engine, the JSON report's
/// fields, peak memory that is really measured, and bad input. Never timed: latency is
/// only checked to be a positive number.
@Suite(.serialized) struct BenchTests {
    static func json(_ path: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: path)) as? [String: Any] ?? [:]
    }

    /// Every row has latency statistics for each engine, a ratio and a settle pause.
    static func checkRows(_ rows: [[String: Any]], engines: [String]) {
        for row in rows {
            let stats = row["engines"] as? [String: [String: Any]] ?? [:]
            #expect(Set(stats.keys) == Set(engines), "\(row)")
            for (engine, s) in stats {
                for key in ["medianMs", "p10Ms", "p90Ms"] {
                    let v = s[key] as? Double ?? -1
                    #expect(v > 0 && v.isFinite, "\(engine) \(key) = \(v)")
                }
                #expect((s["p10Ms"] as? Double ?? 1) <= (s["p90Ms"] as? Double ?? 0))
                #expect(s["runs"] as? Int == 2)
            }
            #expect((row["ratioToOnnxruntime"] as? Double ?? 0) > 0)
            #expect(Set((row["settleMs"] as? [String: Double] ?? [:]).keys) == Set(engines))
        }
    }

    @Test func torchMLPEndToEndWithJSON() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("bench.json")
        let r = try CLI.run(["bench", "mlp", "--from", "torch", "--batch", "1,2", "--threads", "1", "--warmup", "1",
                             "--runs", "2", "--json", out.path])
        #expect(r.code == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("torch"))
        #expect(r.stdout.contains("peak MiB: per engine"))
        let j = try Self.json(out)
        #expect(j["schema"] as? String == "parity.bench/2")
        #expect(j["model"] as? String == "mlp")
        #expect(j["framework"] as? String == "torch")
        #expect(j["settle"] as? String == "auto")
        #expect((j["memoryMethod"] as? String)?.contains("malloc_trim") == true)
        #expect(j["warmup"] as? Int == 1 && j["runs"] as? Int == 2)
        #expect((j["parityLoadMs"] as? Double ?? 0) > 0)
        #expect((j["onnxruntimeSessionMs"] as? Double ?? 0) > 0)
        #expect((j["loadRatio"] as? Double ?? 0) > 0)
        // Three loads of each engine, the reported figure their median.
        let loads = j["parityLoadRunsMs"] as? [Double] ?? [], ortLoads = j["onnxruntimeSessionRunsMs"] as? [Double] ?? []
        #expect(loads.count == 3 && ortLoads.count == 3, "\(loads) \(ortLoads)")
        #expect(loads.sorted()[1] == j["parityLoadMs"] as? Double)
        #expect(ortLoads.sorted()[1] == j["onnxruntimeSessionMs"] as? Double)
        #expect(r.stdout.contains("load     parity") && r.stdout.contains("(of "))
        let machine = j["machine"] as? [String: String] ?? [:]
        #expect(machine["cores"] != nil && machine["onnxruntime_version"] != nil, "\(machine)")
        let rows = j["rows"] as? [[String: Any]] ?? []
        #expect(rows.map { $0["batch"] as? Int } == [1, 2])
        Self.checkRows(rows, engines: ["parity", "onnxruntime", "torch"])
        // 784x256 + 256x10 float weights are 794 KiB: each engine must hold at least half
        // of them (the peak read 0 when it was the growth of an already warm process).
        for row in rows {
            let peaks = row["peakKiB"] as? [String: Int] ?? [:]
            #expect((peaks["parity"] ?? 0) >= 400, "\(peaks)")
            #expect((peaks["onnxruntime"] ?? 0) >= 400, "\(peaks)")
        }
    }

    @Test func sklearnEstimatorIsTheThirdEngine() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("bench.json")
        // ZipMap: the ONNX model's probabilities are a sequence of maps.
        let r = try CLI.run(["bench", "LogisticRegression", "--from", "sklearn", "--batch", "1,200", "--warmup", "1",
                             "--runs", "2", "--settle", "1", "--json", out.path], timeout: 300)
        #expect(r.code == 0, "\(r.stdout)\n\(r.stderr)")
        let j = try Self.json(out)
        #expect(j["framework"] as? String == "sklearn")
        #expect(j["settle"] as? String == "1 ms")
        let rows = j["rows"] as? [[String: Any]] ?? []
        // 200 rows: more than the demo's dataset holds, so rows repeat.
        #expect(rows.map { $0["batch"] as? Int } == [1, 200])
        Self.checkRows(rows, engines: ["parity", "onnxruntime", "sklearn"])
    }

    @Test func badInputIsExit2WithOneLine() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("broken.onnx")
        try Data("not a protobuf at all".utf8).write(to: bad)
        let cases: [([String], String)] = [
            (["bench", bad.path], "broken.onnx"),
            (["bench", dir.appendingPathComponent("missing.onnx").path], "missing.onnx: no such file"),
            (["bench", "resnet1800", "--from", "torch"], "unknown torch model 'resnet1800'"),
            (["bench", "NoSuchEstimator", "--from", "sklearn"], "NoSuchEstimator"),
        ]
        for (args, expected) in cases {
            let r = try CLI.run(args, timeout: 300)
            #expect(r.code == 2, "\(args): \(r.stdout)\n\(r.stderr)")
            // Status lines may come first; the error is one line and the last one.
            let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: true)
            let errors = lines.filter { $0.lowercased().hasPrefix("error:") }
            #expect(errors.count == 1 && lines.last.map { $0.lowercased().hasPrefix("error:") } == true, "\(args): \(r.stderr)")
            #expect(errors.first?.contains(expected) == true, "\(args): \(r.stderr)")
        }
        // Usage errors: exit 2, the message first (the parser adds the usage after it).
        let usage: [([String], String)] = [
            (["bench", "mlp", "--from", "onnx"], "--from must be torch, keras or sklearn"),
            (["bench", bad.path, "--settle", "soon"], "--settle must be auto"),
            (["bench", bad.path, "--batch", "0"], "--batch must be"),
        ]
        for (args, expected) in usage {
            let r = try CLI.run(args)
            #expect(r.code == 2, "\(args): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").first?.contains(expected) == true, "\(args): \(r.stderr)")
        }
    }
}
