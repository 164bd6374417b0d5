/// The Activation family: elementwise non-linearities and Softmax.
enum ActivationOps {
    static let table: [String: OperatorFactory] = [
        "Relu": { try Relu($0) },
    ]
}
