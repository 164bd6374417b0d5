import OnnxFormat

/// What a value-level operator sees besides its inputs: the values of the outer-scope
/// names its subgraphs use (If/Loop/Scan bodies may read any name visible where the node
/// is).
public struct ExecutionContext: Sendable {
    public var outer: [String: Value]
    public init(outer: [String: Value] = [:]) { self.outer = outer }
    public static let empty = ExecutionContext()
}

/// An operator whose inputs or outputs may be sequences, maps or optionals, or that runs
/// subgraphs. The session calls `runValues`; `run` is derived for tensor-only callers.
public protocol ValueOperator: Operator {
    func runValues(_ inputs: [Value?], context: ExecutionContext) throws -> [Value]
}

extension ValueOperator {
    public func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        try runValues(inputs.map { $0.map(Value.tensor) }, context: .empty).map { try $0.asTensor("output") }
    }
}
