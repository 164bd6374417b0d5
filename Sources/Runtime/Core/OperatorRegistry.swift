/// Every operator the runtime knows, keyed by domain and op type. Each family contributes
/// one table (`Ops/<Family>/<Family>Ops.swift`); adding an op is one line there. The
/// ai.onnx.preview.training domain has its own table (`Ops/Training/TrainingOps.swift`), and
/// so has com.microsoft, onnxruntime's contrib ops (`Ops/Microsoft/MicrosoftOps.swift`).
public enum OperatorRegistry {
    /// The ai.onnx domain ("" or "ai.onnx") tables, merged.
    static let onnx: [String: OperatorFactory] = {
        var all: [String: OperatorFactory] = [:]
        for table in [MathOps.table, NNOps.table, TensorOps.table, ActivationOps.table,
                      ReductionOps.table, LogicOps.table, GeneratorOps.table,
                      ControlFlowOps.table, SequenceOps.table, OptionalOps.table] {
            all.merge(table) { a, _ in a }
        }
        return all
    }()

    /// The ai.onnx.ml domain table.
    static let onnxML: [String: OperatorFactory] = MLOps.table

    /// The factory for `opType` in `domain`, or nil if the runtime lacks it.
    public static func factory(domain: String, opType: String) -> OperatorFactory? {
        switch domain {
        case "", "ai.onnx": return onnx[opType]
        case "ai.onnx.preview.training": return TrainingOps.table[opType]
        case "ai.onnx.ml": return onnxML[opType]
        case "com.microsoft": return MicrosoftOps.table[opType]
        default: return nil
        }
    }

    /// All supported ai.onnx op types, sorted.
    public static var supportedOps: [String] { onnx.keys.sorted() }

    /// All supported ai.onnx.ml op types, sorted.
    public static var supportedMLOps: [String] { onnxML.keys.sorted() }

    /// All supported com.microsoft op types, sorted.
    public static var supportedMicrosoftOps: [String] { MicrosoftOps.table.keys.sorted() }
}
