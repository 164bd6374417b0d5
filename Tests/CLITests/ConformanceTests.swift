import Foundation
import Testing

/// The node suite against the manifest under version control, and the runner's own
/// robustness. Needs conformance-data (written by `make setup`, which `make test` runs).
@Suite struct ConformanceCLITests {
    static let data = CLI.repoRoot.appendingPathComponent("conformance-data").path
    static let manifest = CLI.repoRoot.appendingPathComponent("Tests/Conformance/node.txt").path
    static var hasData: Bool { FileManager.default.fileExists(atPath: data + "/node") }

    @Test(.enabled(if: hasData, "conformance-data/node is missing: run `make setup` (make test does)"))
    func nodeSuiteHasNoRegressionAgainstTheManifest() throws {
        let r = try CLI.run(["conformance", "--suite", "node", "--data", Self.data, "--manifest", Self.manifest, "--timeout", "60"],
                            timeout: 900)
        #expect(!r.timedOut, "the node suite did not finish in 15 minutes")
        #expect(r.code == 0, "exit \(r.code): regressions against Tests/Conformance/node.txt\n\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("PASS conformance: no manifest case regressed"), "\(r.stdout)")
    }

    /// The suites shipped inside the onnx wheel, each against its own manifest.
    @Test(arguments: ["light", "simple", "pytorch-converted", "pytorch-operator", "real"])
    func shippedSuiteHasNoRegressionAgainstItsManifest(suite: String) throws {
        let manifest = CLI.repoRoot.appendingPathComponent("Tests/Conformance/\(suite).txt").path
        let r = try CLI.run(["conformance", "--suite", suite, "--manifest", manifest, "--timeout", "120"], timeout: 900)
        #expect(!r.timedOut, "the \(suite) suite did not finish in 15 minutes")
        #expect(r.code == 0, "exit \(r.code): regressions against Tests/Conformance/\(suite).txt\n\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("PASS conformance: no manifest case regressed"), "\(r.stdout)")
    }

    @Test(.enabled(if: hasData, "conformance-data/node is missing: run `make setup` (make test does)"))
    func aCrashOrHangIsAnErrorAndTheRunGoesOn() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = dir.appendingPathComponent("r.json").path
        let r = try CLI.run(["conformance", "--data", Self.data, "--filter", "^test_(abs|acos|acos_example|add)$",
                             "--timeout", "2", "--report", report],
                            env: ["PARITY_CONFORMANCE_TEST_CRASH": "test_abs", "PARITY_CONFORMANCE_TEST_HANG": "test_acos"], timeout: 120)
        #expect(r.code == 0, "\(r.stdout)\n\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any])
        let results = try #require(json["results"] as? [[String: Any]])
        let byId = Dictionary(uniqueKeysWithValues: results.compactMap { r in (r["id"] as? String).map { ($0, r) } })
        #expect(byId["test_abs"]?["status"] as? String == "error")
        #expect((byId["test_abs"]?["message"] as? String)?.contains("crashed") == true)
        #expect((byId["test_acos"]?["message"] as? String)?.contains("timed out after 2 s") == true)
        #expect(byId["test_acos_example"]?["status"] as? String == "pass")
        #expect(byId["test_add"]?["status"] as? String == "pass")
    }

    @Test(.enabled(if: hasData, "conformance-data/node is missing: run `make setup` (make test does)"))
    func aListedCaseThatFailsIsARegression() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let manifest = dir.appendingPathComponent("m.txt").path
        // test_acosh needs an op the runtime may lack: list it as passing with a case that passes.
        try "test_abs\ntest_add\n".write(toFile: manifest, atomically: true, encoding: .utf8)
        let ok = try CLI.run(["conformance", "--data", Self.data, "--filter", "^test_(abs|add)$", "--manifest", manifest])
        #expect(ok.code == 0, "\(ok.stdout)\n\(ok.stderr)")
        let crash = try CLI.run(["conformance", "--data", Self.data, "--filter", "^test_(abs|add)$", "--manifest", manifest,
                                 "--write-manifest", manifest], env: ["PARITY_CONFORMANCE_TEST_CRASH": "test_abs"])
        #expect(crash.code == 1, "\(crash.stdout)\n\(crash.stderr)")
        #expect(crash.stdout.contains("REGRESSION test_abs: error: crashed"))
        let written = try String(contentsOfFile: manifest, encoding: .utf8)
        #expect(written.contains("\n# test_abs: error: crashed"))
        #expect(written.contains("\ntest_add\n"))
    }

    @Test func usageErrorsExit2() throws {
        for (args, fragment) in [(["conformance", "--filter", "("], "not a valid regular expression"),
                                 (["conformance", "--data", "/nonexistent"], "--data /nonexistent: no such folder"),
                                 (["conformance", "--suite", "bogus"], "suite"),
                                 (["conformance", "--manifest", "/nonexistent.txt", "--data", Self.data], "no such manifest file")] {
            let r = try CLI.run(args, timeout: 120)
            #expect(r.code == 2, "\(args): exit \(r.code)\n\(r.stderr)")
            #expect((r.stdout + r.stderr).contains(fragment), "\(args): \(r.stderr)")
        }
    }
}
