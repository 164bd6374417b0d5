/// The Optional family: wrapping, testing and unwrapping optional values.
enum OptionalOps {
    static let table: [String: OperatorFactory] = [
        "Optional": { try OptionalOp($0) },
        "OptionalHasElement": { try OptionalHasElement($0) },
        "OptionalGetElement": { try OptionalGetElement($0) },
    ]
}
