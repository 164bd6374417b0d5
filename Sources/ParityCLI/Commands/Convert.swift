import ArgumentParser
import Foundation
import Frontends
import OnnxFormat

/// `parity convert MODEL.h5|MODEL.keras -o MODEL.onnx`: Keras to ONNX in Swift, no Python.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert a Keras model (.keras, or .h5 from Keras 3 or tf.keras 2.x) to ONNX, in Swift, without TensorFlow.",
        discussion: """
        The file is read through libhdf5 and converted layer by layer; no Python runs and no
        layer code (Lambda, custom classes) is executed: unsupported layers are listed in one
        error. See docs/keras.md for the supported layers.
        """)

    enum BatchDim: ExpressibleByArgument {
        case dynamic, fixed(Int)
        init?(argument: String) {
            if argument == "dynamic" { self = .dynamic } else if let n = Int(argument), n >= 1 { self = .fixed(n) } else { return nil }
        }
    }

    @Argument(help: "A .keras or .h5 Keras model file.")
    var model: String

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Where to write the ONNX model (default: MODEL with .onnx).", valueName: "model.onnx"))
    var output: String?

    @Option(help: "ONNX opset (13...21).")
    var opset: Int = 17

    @Option(name: .customLong("batch-dim"), help: ArgumentHelp("The batch axis: dynamic, or a fixed size.", valueName: "dynamic|N"))
    var batchDim: BatchDim = .dynamic

    @Option(name: .customLong("keras-backend"), help: ArgumentHelp("Reproduce this Keras backend's numerics where backends differ: torch, tensorflow or jax (default: the backend the file records, else tensorflow).", valueName: "name"))
    var kerasBackend: String?

    @Flag(help: "Print how long reading and converting took, and writing the ONNX file (a benchmark, not a check).")
    var time = false

    func validate() throws {
        if let b = kerasBackend, !["torch", "tensorflow", "jax"].contains(b) {
            throw ValidationError("--keras-backend must be torch, tensorflow or jax")
        }
        guard KerasConverter.supportedOpsets.contains(opset) else {
            throw ValidationError("--opset \(opset) is outside \(KerasConverter.supportedOpsets.lowerBound)...\(KerasConverter.supportedOpsets.upperBound)")
        }
    }

    func run() throws {
        var options = KerasConverter.Options()
        options.opset = opset
        options.backend = kerasBackend
        if case .fixed(let n) = batchDim { options.batchSize = n }
        let out = output ?? URL(fileURLWithPath: model).deletingPathExtension().path + ".onnx"
        let r: KerasConverter.Result
        let clock = ContinuousClock()
        let t0 = clock.now
        do { r = try KerasConverter.convert(path: model, options: options) } catch let e as KerasError {
            throw CLIError.input(e.description)
        } catch {
            throw CLIError.input("\(error)")
        }
        let t1 = clock.now
        do { try ModelFile.save(r.model, to: out) } catch { throw CLIError.input("cannot write \(out): \(error)") }
        let t2 = clock.now
        print("\(out): \(r.layerCount) Keras layers -> \(r.nodeCount) ONNX nodes (opset \(opset)), \(r.parameterCount) parameters, "
              + "\(r.foldedBatchNorms) BatchNormalization folded; from \(r.modelName) (Keras \(r.kerasVersion), .\(r.format))")
        if time {
            func ms(_ d: Duration) -> String { String(format: "%.1f ms", Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15) }
            print("time: convert \(ms(t1 - t0)) (read + build), write \(ms(t2 - t1))")
        }
    }
}
