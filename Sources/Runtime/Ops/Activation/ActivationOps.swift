/// The Activation family: elementwise non-linearities and Softmax.
enum ActivationOps {
    static let table: [String: OperatorFactory] = [
        "Relu": { try Relu($0) },
        "Sigmoid": { try Sigmoid($0) },
        "Tanh": { try Tanh($0) },
        "HardSigmoid": { try HardSigmoid($0) },
        "HardSwish": { try HardSwish($0) },
        "LeakyRelu": { try LeakyRelu($0) },
        "Elu": { try Elu($0) },
        "Selu": { try Selu($0) },
        "Celu": { try Celu($0) },
        "Softplus": { try Softplus($0) },
        "Softsign": { try Softsign($0) },
        "Mish": { try Mish($0) },
        "ThresholdedRelu": { try ThresholdedRelu($0) },
        "Gelu": { try Gelu($0) },
        "PRelu": { try PRelu($0) },
        "Softmax": { try Softmax($0) },
        "LogSoftmax": { try LogSoftmax($0) },
        "Hardmax": { try Hardmax($0) },
        "Swish": { try Swish($0) },
        "Shrink": { try Shrink($0) },
        "SwiGLU": { try SwiGLU($0) },
    ]
}
