/// Every supported Keras layer class, one converter per file under Layers/.
enum KerasLayers {
    static let converters: [any KerasLayerConverter.Type] = [
        InputLayerLayer.self, DenseLayer.self,
        Conv1DLayer.self, Conv2DLayer.self, Conv3DLayer.self,
        DepthwiseConv1DLayer.self, DepthwiseConv2DLayer.self, SeparableConv1DLayer.self, SeparableConv2DLayer.self,
        BatchNormalizationLayer.self, LayerNormalizationLayer.self, NormalizationLayer.self, RescalingLayer.self,
        ActivationLayer.self, ReLULayer.self, LeakyReLULayer.self, PReLULayer.self, ELULayer.self, SoftmaxLayer.self,
        DropoutLayer.self, FlattenLayer.self, ReshapeLayer.self, PermuteLayer.self,
        ZeroPadding1DLayer.self, ZeroPadding2DLayer.self, ZeroPadding3DLayer.self,
        Cropping1DLayer.self, Cropping2DLayer.self, Cropping3DLayer.self,
        UpSampling1DLayer.self, UpSampling2DLayer.self, UpSampling3DLayer.self,
        MaxPooling1DLayer.self, MaxPooling2DLayer.self, MaxPooling3DLayer.self,
        AveragePooling1DLayer.self, AveragePooling2DLayer.self, AveragePooling3DLayer.self,
        GlobalAveragePooling1DLayer.self, GlobalAveragePooling2DLayer.self, GlobalAveragePooling3DLayer.self,
        GlobalMaxPooling1DLayer.self, GlobalMaxPooling2DLayer.self, GlobalMaxPooling3DLayer.self,
        AddLayer.self, SubtractLayer.self, MultiplyLayer.self, AverageLayer.self, MaximumLayer.self, MinimumLayer.self,
        ConcatenateLayer.self, EmbeddingLayer.self,
        SimpleRNNLayer.self, LSTMLayer.self, GRULayer.self, BidirectionalLayer.self, TimeDistributedLayer.self, MaskingLayer.self,
        Conv1DTransposeLayer.self, Conv2DTransposeLayer.self, Conv3DTransposeLayer.self,
        MultiHeadAttentionLayer.self, EinsumDenseLayer.self, GroupNormalizationLayer.self, UnitNormalizationLayer.self,
        RepeatVectorLayer.self, DotLayer.self, ResizingLayer.self, CenterCropLayer.self, LayerScaleLayer.self,
    ]

    static let byClass: [String: any KerasLayerConverter.Type] = {
        var m: [String: any KerasLayerConverter.Type] = [:]
        for c in converters { for n in c.classNames { m[n] = c } }
        return m
    }()
}

/// Keras masks (from Masking, or Embedding with mask_zero) are not carried into the ONNX
/// graph. They pass through layers that propagate them; a layer whose result depends on
/// the mask is refused rather than converted without it.
enum KerasMasks {
    static let propagate: Set<String> = [
        "Dense", "Activation", "Dropout", "SpatialDropout1D", "GaussianNoise", "GaussianDropout", "AlphaDropout",
        "ActivityRegularization", "BatchNormalization", "LayerNormalization", "UnitNormalization", "Normalization", "Rescaling",
        "ReLU", "LeakyReLU", "PReLU", "ELU", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate",
        "TimeDistributed", "Masking", "EinsumDense",
    ]
    static let consumers: Set<String> = [
        "SimpleRNN", "LSTM", "GRU", "Bidirectional", "MultiHeadAttention", "Attention", "AdditiveAttention", "Softmax",
        "GlobalAveragePooling1D", "GlobalMaxPooling1D",
    ]

    static func createsMask(_ l: KerasLayerSpec) -> Bool {
        l.className == "Masking" || (l.className == "Embedding" && (l.config["mask_zero"] as? Bool ?? false))
    }
}
