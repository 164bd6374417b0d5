import ArgumentParser
import Foundation
import OnnxFormat
import Runtime

/// `parity inspect MODEL.onnx`: the model's contract.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a model's inputs, outputs (with their inferred shapes), opsets, producer, op counts and parameter size.")

    @Argument(help: "An .onnx file.")
    var model: String

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let proto: Onnx_ModelProto
        do { proto = try ModelFile.load(model) } catch { throw CLIError.input("\(error)") }
        var s = ModelSummary(proto)
        if s.unsupportedOps.isEmpty {
            // Loading checks the model and infers every value's type and shape.
            do {
                let session = try InferenceSession(model: proto, baseDirectory: ModelFile.baseDirectory(of: model))
                s.addInferredTypes(session.inferredTypes)
            } catch {
                s.loadError = "\(error)"
            }
        }
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try enc.encode(s), as: UTF8.self))
            return
        }
        func sig(_ v: ModelSummary.Value) -> String {
            "  \(v.name): \(v.elementType)\(v.shape.map { "[" + $0.joined(separator: ",") + "]" } ?? "[?]")"
        }
        var out = ["\(model)",
                   "producer  \(s.producer) \(s.producerVersion), IR version \(s.irVersion)",
                   "opsets    " + s.opsetImports.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "),
                   "inputs"]
        out += s.inputs.map(sig)
        out.append("outputs")
        out += s.outputs.map { v in
            guard let t = v.inferredElementType else { return sig(v) }
            return sig(v) + "  inferred \(t)\(v.inferredShape.map { "[" + $0.joined(separator: ",") + "]" } ?? "[?]")"
        }
        out.append("nodes     \(s.nodeCount): " + s.opCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        out.append("params    \(s.parameterCount) in \(s.initializerCount) initializers, \(ByteCountFormatter.string(fromByteCount: Int64(s.parameterBytes), countStyle: .binary))"
                   + (s.externalDataFiles.isEmpty ? "" : " (external data: \(s.externalDataFiles.joined(separator: ", ")))"))
        if let e = s.loadError {
            out.append("runtime   cannot load: \(e)")
        }
        if !s.unsupportedOps.isEmpty {
            out.append("runtime   unsupported ops: \(s.unsupportedOps.joined(separator: ", "))")
        }
        print(out.joined(separator: "\n"))
    }
}
