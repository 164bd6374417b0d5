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
