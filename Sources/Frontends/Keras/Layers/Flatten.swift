/// keras.layers.Flatten: ONNX Flatten(axis=1) on the Keras-layout tensor (channels_last
/// order, so a following Dense keeps Keras' weights as they are).
enum FlattenLayer: KerasLayerConverter {
    static let classNames = ["Flatten"]
    static func convert(_ c: LayerContext) throws -> [KValue] {
        let x = c.g.keras(try c.input())
        if x.rank == 2 { return [x] }
        let rest = x.shape.dropFirst()
        let n: Int? = rest.allSatisfy { $0 != nil } ? rest.reduce(1) { $0 * ($1 ?? 1) } : nil
        let out = c.g.node1("Flatten", [x.name], [KerasGraphBuilder.attr("axis", int: 1)], name: "\(c.name)/Flatten")
        return [c.output(out, shape: [x.shape[0], n])]
    }
}
