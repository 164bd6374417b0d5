/// The NN family: convolution, pooling, normalisation, dropout.
enum NNOps {
    static let table: [String: OperatorFactory] = [
        "Conv": { try Conv($0) },
        "ConvTranspose": { try ConvTranspose($0) },
        "MaxPool": { try MaxPool($0) },
        "AveragePool": { try AveragePool($0) },
        "LpPool": { try LpPool($0) },
        "GlobalAveragePool": { try GlobalAveragePool($0) },
        "GlobalMaxPool": { try GlobalMaxPool($0) },
        "GlobalLpPool": { try GlobalLpPool($0) },
        "BatchNormalization": { try BatchNormalization($0) },
        "InstanceNormalization": { try InstanceNormalization($0) },
        "LayerNormalization": { try LayerNormalization($0) },
        "GroupNormalization": { try GroupNormalization($0) },
        "LRN": { try LRN($0) },
        "Dropout": { try Dropout($0) },
        "Attention": { try Attention($0) },
        "NegativeLogLikelihoodLoss": { try NegativeLogLikelihoodLoss($0) },
        "SoftmaxCrossEntropyLoss": { try SoftmaxCrossEntropyLoss($0) },
        "RMSNormalization": { try RMSNormalization($0) },
        "GridSample": { try GridSample($0) },
        "LpNormalization": { try LpNormalization($0) },
        "MeanVarianceNormalization": { try MeanVarianceNormalization($0) },
        "RotaryEmbedding": { try RotaryEmbedding($0) },
    ]
}
