/// Why a Keras model cannot be converted. Every case is an input error (exit code 2).
public struct KerasError: Error, CustomStringConvertible, Sendable {
    /// Layers whose class the converter does not support (or never executes, like Lambda),
    /// as (layer name, class name), all of them at once.
    public let unsupported: [(name: String, className: String)]
    public let description: String

    public init(_ description: String) {
        self.description = description
        self.unsupported = []
    }

    init(unsupported: [(name: String, className: String)]) {
        self.unsupported = unsupported
        let list = unsupported.map { "\($0.name) (\($0.className))" }.joined(separator: ", ")
        var message = "cannot convert: \(unsupported.count) unsupported layer\(unsupported.count == 1 ? "" : "s"): \(list)"
        if unsupported.contains(where: { $0.className == "Lambda" }) {
            message += "; Lambda layers hold Python code, which Parity never executes"
        }
        self.description = message
    }
}
