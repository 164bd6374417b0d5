/// The com.microsoft domain: onnxruntime's contrib operators that converters emit into
/// otherwise standard models (skl2onnx's text vectorizers use Tokenizer) and the fused
/// nodes Parity's graph optimiser writes (FusedConv, FusedGemm), one per file.
enum MicrosoftOps {
    static let table: [String: OperatorFactory] = [
        "Tokenizer": { try Tokenizer($0) },
        "FusedConv": { try FusedConv($0) },
        "FusedGemm": { try FusedGemm($0) },
    ]
}
