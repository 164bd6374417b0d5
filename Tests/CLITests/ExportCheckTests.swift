import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The headline, end to end on the built binary: real torch, real exporters, the Swift
/// runtime, the reports. Serialized: each run uses both cores.
@Suite(.serialized) struct ExportCheckTests {
    @Test(arguments: ["dynamo", "torchscript"])
    func resnet18PassesWithBothExporters(exporter: String) throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let onnx = dir.appendingPathComponent("r18.onnx").path
        let r = try CLI.run(["export-check", "resnet18", "--from", "torch", "--exporter", exporter, "--output", onnx,
                             "--report", dir.appendingPathComponent("r.json").path,
                             "--junit", dir.appendingPathComponent("r.xml").path,
                             "--markdown", dir.appendingPathComponent("r.md").path])
        #expect(!r.timedOut)
        #expect(r.code == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").last?.hasPrefix("PASS resnet18 (\(exporter)") == true)
        #expect(FileManager.default.fileExists(atPath: onnx))

        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("r.json"))) as? [String: Any]
        #expect(json?["verdict"] as? String == "pass")
        let cases = json?["cases"] as? [[String: Any]] ?? []
        #expect(cases.map { $0["batch"] as? Int } == [1, 3])
        for c in cases {
            for o in c["outputs"] as? [[String: Any]] ?? [] {
                let maxAbs = o["maxAbsError"] as? Double ?? 1
                #expect(maxAbs <= 1e-4, "max abs error \(maxAbs)")
                let std = (o["reference"] as? [String: Any])?["std"] as? Double ?? 0
                #expect(std >= 0.1 && std <= 10, "reference std \(std) is not healthy")
                #expect(o["top1Agreement"] as? Double == 1)
            }
        }
        let xml = try XMLDocument(contentsOf: dir.appendingPathComponent("r.xml"))
        #expect(try xml.nodes(forXPath: "//testcase").count == 2)
        #expect(try xml.nodes(forXPath: "//failure").isEmpty)
        let md = try String(contentsOf: dir.appendingPathComponent("r.md"), encoding: .utf8)
        #expect(md.contains("PASS"))
    }

    @Test func perturbedWeightsFailWithExitCode1AndAJUnitFailure() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let junit = dir.appendingPathComponent("r.xml")
        let r = try CLI.run(["export-check", "resnet18", "--exporter", "torchscript", "--perturb-weights", "0.01",
                             "--junit", junit.path])
        #expect(r.code == 1, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("FAIL resnet18"))
        let xml = try XMLDocument(contentsOf: junit)
        let failures = try xml.nodes(forXPath: "//testcase/failure")
        #expect(failures.count == 2)
        #expect(failures.first?.stringValue?.contains("worst element") == true)
    }

    @Test func degenerateReferenceIsRefused() throws {
        // vit_b_16's head starts at zero: without the healthy initialisation its logits are
        // exactly zero and no tolerance can discriminate.
        let r = try CLI.run(["export-check", "vit_b_16", "--exporter", "torchscript", "--no-healthy-init", "--batch-sizes", "1"])
        #expect(r.code == 2, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("degenerate reference"))
        #expect(r.stdout.contains("all zeros"))
    }
}

/// The named torch models that are not torchvision classifiers: a BERT-base-sized encoder
/// (int64 token ids and an attention mask with padding) and the 784-256-10 MLP.
@Suite(.serialized) struct NamedTorchModelTests {
    @Test(arguments: ["mlp", "bert"])
    func passes(_ name: String) throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = dir.appendingPathComponent("r.json")
        let r = try CLI.run(["export-check", name, "--from", "torch", "--batch-sizes", "1,3", "--report", report.path])
        #expect(r.code == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("PASS \(name) (dynamo"), "\(r.stdout)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any]
        for c in json?["cases"] as? [[String: Any]] ?? [] {
            for o in c["outputs"] as? [[String: Any]] ?? [] {
                let std = (o["reference"] as? [String: Any])?["std"] as? Double ?? 0
                #expect(std >= 0.1 && std <= 10, "\(name): reference std \(std) is not healthy")
            }
        }
    }

    @Test func listModelsNamesThem() throws {
        let r = try CLI.run(["export-check", "--list-models", "--from", "torch"])
        #expect(r.code == 0, "\(r.stderr)")
        let names = Set(r.stdout.split(separator: "\n").map(String.init))
        #expect(names.isSuperset(of: ["bert", "mlp", "resnet18"]))
    }

    /// The failure drill: weights changed after export must make parity fail.
    @Test func perturbedMLPFails() throws {
        let r = try CLI.run(["export-check", "mlp", "--from", "torch", "--perturb-weights", "0.05", "--batch-sizes", "2"])
        #expect(r.code == 1, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("FAIL mlp"))
    }
}
