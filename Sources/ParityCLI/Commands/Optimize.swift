import ArgumentParser
import Foundation
import OnnxFormat
import Runtime

/// `parity optimize MODEL.onnx -o OUT.onnx`: the graph optimiser, offline.
struct Optimize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write an optimised copy of an ONNX model (BatchNorm folded, Conv/Gemm + activation fused, no-op nodes removed, shapes folded).",
        discussion: """
        The passes are those `parity run` and every other command apply at load time (see
        docs/performance.md, "Graph optimisation"). Fused nodes are onnxruntime's contrib ops
        (com.microsoft FusedConv, FusedGemm), so the file runs in onnxruntime too. Weights are
        written inline. The input is never modified; the output appears only when complete.
        """)

    @Argument(help: "An .onnx file.")
    var model: String

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Where to write the optimised model.", valueName: "out.onnx"))
    var output: String

    func validate() throws {
        guard !output.isEmpty else { throw ValidationError("--output must name a file") }
    }

    func run() throws {
        let name = (model as NSString).lastPathComponent
        let inURL = URL(fileURLWithPath: model).standardizedFileURL.resolvingSymlinksInPath()
        let outURL = URL(fileURLWithPath: output).standardizedFileURL.resolvingSymlinksInPath()
        guard inURL.path != outURL.path else {
            throw CLIError.input("--output \(output) is the input file; optimize never modifies its input")
        }
        let proto: Onnx_ModelProto
        do { proto = try ModelFile.load(model) } catch { throw CLIError.input("\(error)") }
        let result: (model: Onnx_ModelProto, report: OptimizationReport)
        do {
            result = try GraphOptimizer.optimize(model: proto, baseDirectory: ModelFile.baseDirectory(of: model))
        } catch {
            throw CLIError.input("\(name): \(error)")
        }
        // The optimised graph must load in our own runtime before it is written.
        do {
            _ = try InferenceSession(model: result.model, baseDirectory: nil, options: SessionOptions(optimize: false))
        } catch {
            throw CLIError.input("\(name): the optimised graph does not load (\(error)); nothing written")
        }
        for line in result.report.lines { print(line) }
        do { try ModelFile.save(result.model, to: output) } catch { throw CLIError.input("\(error)") }
        print("\(name): \(result.report.nodesBefore) -> \(result.report.nodesAfter) nodes, written to \(output)")
    }
}
