/// keras.layers.GRU: one ONNX GRU (z, r, h in both; reset_after is linear_before_reset).
enum GRULayer: KerasLayerConverter {
    static let classNames = ["GRU"]
    static func convert(_ c: LayerContext) throws -> [KValue] { try Recurrent.convert(c) }
}
