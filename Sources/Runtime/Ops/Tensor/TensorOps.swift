/// The Tensor family: shape manipulation, indexing, type conversion.
enum TensorOps {
    static let table: [String: OperatorFactory] = [
        "Cast": { try Cast($0) },
        "Reshape": { try Reshape($0) },
    ]
}
