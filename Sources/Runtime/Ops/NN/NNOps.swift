/// The NN family: convolution, pooling, normalisation, dropout.
enum NNOps {
    static let table: [String: OperatorFactory] = [:]
}
