import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import OnnxFormat
import Testing
@testable import Parity

@Suite struct ReporterTests {
    func report(failing: Bool) -> ParityReport {
        let e = Tensor(shape: [1, 3], floats: [1, 2, 3])
        let a = Tensor(shape: [1, 3], floats: failing ? [1, 2, 3.5] : [1, 2, 3.00001])
        let o = Compare.output(name: "logits<&>", expected: e, actual: a, tolerance: .float32Default)
        let model = ParityReport.Model(name: "m", source: "torchvision", framework: "torch 2.15.0", exporter: "dynamo",
                                       opset: 20, onnxPath: nil, inputShape: [3], parameters: 10)
        return ParityReport(verdict: o.passed ? .pass : .fail, model: model, tolerance: .float32Default, notes: ["n | 1"],
                            cases: [.init(batch: 1, passed: o.passed, outputs: [o], runtimeSeconds: 0.01)],
                            degenerate: nil, allowDegenerate: false, error: nil, timings: .init())
    }

    @Test func jsonRoundTripsAndIsStable() throws {
        let r = report(failing: true)
        let json = try JSONReporter.render(r)
        #expect(json.contains("\"schema\" : \"parity.report\\/1\"") || json.contains("\"schema\" : \"parity.report/1\""))
        let back = try JSONReporter.decode(Data(json.utf8))
        #expect(back.verdict == .fail)
        #expect(back.exitCode == 1)
        #expect(back.cases.first?.outputs.first?.worstPosition == [0, 2])
        #expect(try JSONReporter.render(back) == json)
    }

    @Test func junitIsWellFormedAndCarriesTheWorstElement() throws {
        let xml = JUnitReporter.render(report(failing: true))
        let doc = try XMLDocument(xmlString: xml)
        let failures = try doc.nodes(forXPath: "//testcase/failure")
        #expect(failures.count == 1)
        let text = failures.first?.stringValue ?? ""
        #expect(text.contains("worst element [0, 2]"))
        #expect(text.contains("actual 3.5"))
        #expect(try doc.nodes(forXPath: "//testsuites/@failures").first?.stringValue == "1")
        let pass = try XMLDocument(xmlString: JUnitReporter.render(report(failing: false)))
        #expect(try pass.nodes(forXPath: "//testcase/failure").isEmpty)
    }

    @Test func markdownAndConsoleEndWithTheVerdict() {
        let md = MarkdownReporter.render(report(failing: false))
        #expect(md.contains("PASS"))
        #expect(md.contains("n \\| 1"))
        let text = ConsoleReporter.render(report(failing: true))
        #expect(text.split(separator: "\n").last?.hasPrefix("FAIL m") == true)
    }
}
