import ArgumentParser
import Foundation
import OnnxFormat
import Parity
import Runtime

/// `parity run MODEL.onnx`: the Swift runtime alone.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run an ONNX model on Parity's Swift runtime and summarise its outputs.",
        discussion: """
        Inputs come from --input (an .npy file for a one-input model, an .npz with one array per
        input name, or an ONNX test folder: test_data_set_N or a model folder holding them);
        without --input, seeded random inputs are made from the model's signature. When a test
        folder also holds expected outputs, the errors against them are shown.
        """)

    @Argument(help: "An .onnx file.")
    var model: String

    @Option(help: ArgumentHelp("Inputs: x.npy, x.npz or a test folder.", valueName: "path"))
    var input: String?

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write the outputs to an .npz file.", valueName: "out.npz"))
    var output: String?

    @Option(help: "Seed for random inputs.")
    var seed: UInt64 = 0

    @Option(name: .customLong("dynamic-size"), help: "Size of symbolic dimensions (batch) for random inputs.")
    var dynamicSize: Int = 1

    @Option(help: "Run the model this many times; the time shown (and the PARITY_PROFILE table) is the median warm run, the first run excluded when there are several.")
    var `repeat`: Int = 1

    @Option(help: "Threads for the runtime's kernels.")
    var threads: Int = 1

    @Flag(name: .customLong("no-optimize"), help: "Run the graph as it is, without the graph optimiser (also: PARITY_OPTIMIZE=0).")
    var noOptimize = false

    func validate() throws {
        guard dynamicSize >= 1 else { throw ValidationError("--dynamic-size must be >= 1") }
        guard `repeat` >= 1 else { throw ValidationError("--repeat must be >= 1") }
        guard threads >= 1 else { throw ValidationError("--threads must be >= 1") }
        if let output, !output.hasSuffix(".npz") { throw ValidationError("--output must name an .npz file") }
    }

    func run() throws {
        let session: InferenceSession
        do { session = try InferenceSession(path: model, options: noOptimize ? SessionOptions(optimize: false) : SessionOptions()) } catch {
            throw CLIError.input("\((model as NSString).lastPathComponent): \(error)")
        }
        var expected: [(name: String, tensor: Tensor)] = []
        let feeds: [(name: String, tensor: Tensor)]
        do {
            if let input {
                (feeds, expected) = try InputFiles.load(input, for: session.inputs)
            } else {
                feeds = try SeededInputs.make(for: session.inputs, seed: seed, dynamicSize: dynamicSize)
            }
        } catch let e as CLIError { throw e } catch { throw CLIError.input("\(error)") }

        ComputeThreads.set(threads)
        var values: [String: Value] = [:]
        var times: [Double] = []
        let feedValues = Dictionary(feeds.map { ($0.name, Value.tensor($0.tensor)) }, uniquingKeysWith: { a, _ in a })
        for k in 0..<`repeat` {
            // With several runs the first (cold: page faults, first-touch packing) is left
            // out of the time and of the profile.
            if k == 1 { _ = Profiler.report() }
            let start = Date()
            do { values = try session.runValues(feedValues) } catch {
                throw CLIError.input("\((model as NSString).lastPathComponent): \(error)")
            }
            if k > 0 || `repeat` == 1 { times.append(Date().timeIntervalSince(start)) }
        }
        let elapsed = times.sorted()[times.count / 2]
        let outputs = values.compactMapValues(\.tensor)
        for f in feeds { print("input   \(f.name): \(TensorSummary.describe(f.tensor))") }
        for sig in session.outputs {
            if let t = outputs[sig.name] {
                print("output  \(sig.name): \(TensorSummary.describe(t))")
            } else if let v = values[sig.name] {
                print("output  \(sig.name): \(Self.describe(v))\(output != nil ? " (not written to the .npz: not a tensor)" : "")")
            }
        }
        for (k, e) in expected.enumerated() {
            let name = e.name.isEmpty && k < session.outputs.count ? session.outputs[k].name : e.name
            guard let t = outputs[name] else { continue }
            let c = Compare.output(name: name, expected: e.tensor, actual: t, tolerance: .float32Default)
            print("expect  \(name): max abs error \(String(format: "%.3g", c.maxAbsError)), \(c.passed ? "within" : "OUTSIDE") atol 1e-4 / rtol 1e-3")
        }
        if let o = session.optimization {
            print("graph   \(o.nodesBefore) -> \(o.nodesAfter) nodes after the graph optimiser (--no-optimize: as written)")
        }
        if !session.tablesServedFromFile.isEmpty {
            let names = session.tablesServedFromFile
            print("tables  \(names.count) read row by row from external data, never decoded: \(names.prefix(3).joined(separator: ", "))\(names.count > 3 ? ", ..." : "")")
        }
        print(String(format: "time    %.1f ms", elapsed * 1000))
        if Profiler.enabled { print(Profiler.report(runs: times.count)) }
        if let output {
            do {
                try Npz.write(session.outputs.compactMap { s in outputs[s.name].map { (s.name, $0) } }, to: output)
            } catch { throw CLIError.input("\(error)") }
        }
    }
}

extension Run {
    /// One line for a non-tensor output: "sequence of 150 maps (3 keys: 0, 1, 2)".
    static func describe(_ v: Value) -> String {
        switch v {
        case .tensor(let t): return TensorSummary.describe(t)
        case .sequence(_, let items):
            if case .map(let keys, _)? = items.first {
                return "sequence of \(items.count) maps (\(keys.count) keys: \(keys.prefix(6).map(\.description).joined(separator: ", "))\(keys.count > 6 ? ", ..." : ""))"
            }
            return "sequence of \(items.count) values"
        case .map(let keys, _): return "map of \(keys.count) keys"
        case .optional(let o): return o == nil ? "empty optional" : "optional holding a \(o?.kind ?? "?")"
        }
    }
}

/// Reads user-supplied inputs for `run` (and later `bench`).
enum InputFiles {
    static func load(_ path: String, for inputs: [ValueSignature]) throws -> ([(name: String, tensor: Tensor)], [(name: String, tensor: Tensor)]) {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw CLIError.input("\(path): no such file") }
        if isDir.boolValue {
            let sets = try TestDataSet.list(modelDirectory: path)
            let set = try sets.first ?? TestDataSet(path: path)
            let ins = try set.readInputs()
            guard ins.count == inputs.count else {
                throw CLIError.input("\(set.path): \(ins.count) input files for a model with \(inputs.count) inputs")
            }
            // Test folders name their tensors, or leave names empty and rely on order.
            let named = zip(ins, inputs).map { ($0.name.isEmpty ? $1.name : $0.name, $0.tensor) }
            return (named, try set.readOutputs())
        }
        if path.hasSuffix(".npy") {
            guard inputs.count == 1, let only = inputs.first else {
                throw CLIError.input("\(path): an .npy holds one array, the model has \(inputs.count) inputs; use an .npz")
            }
            return ([(only.name, try Npy.read(path: path))], [])
        }
        if path.hasSuffix(".npz") {
            let arrays = try Npz.read(path: path)
            let byName = Dictionary(arrays.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
            if inputs.allSatisfy({ byName[$0.name] != nil }) {
                return (inputs.compactMap { s in byName[s.name].map { (s.name, $0) } }, [])
            }
            // np.savez(x, y) names arrays arr_0, arr_1: take them in order.
            guard arrays.count == inputs.count else {
                throw CLIError.input("\(path): arrays \(arrays.map(\.name).joined(separator: ", ")) do not match the model's inputs \(inputs.map(\.name).joined(separator: ", "))")
            }
            return (zip(inputs, arrays).map { ($0.name, $1.tensor) }, [])
        }
        throw CLIError.input("\(path): expected an .npy, .npz or an ONNX test folder")
    }
}

/// One-line summaries of tensors for the console.
enum TensorSummary {
    static func describe(_ t: Tensor) -> String {
        let head = "\(t.dataType)[\(t.shape.map(String.init).joined(separator: ","))]"
        guard let v = t.asDoubles(), !v.isEmpty else {
            if case .string(let s) = t.storage { return head + " " + s.prefix(4).map { "\"\($0)\"" }.joined(separator: ", ") }
            return head
        }
        let s = ReferenceStats(v)
        let first = v.prefix(4).map { String(format: "%.4g", $0) }.joined(separator: ", ")
        return head + String(format: " min %.4g max %.4g mean %.4g std %.4g", s.min, s.max, s.mean, s.std) + " [\(first)\(v.count > 4 ? ", ..." : "")]"
    }
}
