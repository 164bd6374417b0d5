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
    ]

    static let byClass: [String: any KerasLayerConverter.Type] = {
        var m: [String: any KerasLayerConverter.Type] = [:]
        for c in converters { for n in c.classNames { m[n] = c } }
        return m
    }()
}
