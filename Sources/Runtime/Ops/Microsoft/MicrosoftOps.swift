/// The com.microsoft domain: onnxruntime's contrib operators that converters emit into
/// otherwise standard models (skl2onnx's text vectorizers use Tokenizer), one per file.
enum MicrosoftOps {
    static let table: [String: OperatorFactory] = [
        "Tokenizer": { try Tokenizer($0) },
    ]
}
