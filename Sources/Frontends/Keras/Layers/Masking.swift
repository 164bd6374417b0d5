/// keras.layers.Masking: time steps whose features all equal `mask_value` become zeros.
/// The Keras mask it creates is not carried further: a layer that would use it (a
/// recurrent layer, attention, Softmax, GlobalAveragePooling1D) is refused (see
/// KerasMasks).
enum MaskingLayer: KerasLayerConverter {
    static let classNames = ["Masking"]
    static func convert(_ c: LayerContext) throws -> [KValue] {
        var x = try c.input()
        let mv = Float(try c.cfg.double("mask_value", 0))
        let g = c.g
        let d = g.node1("Sub", [x.name, g.scalar(mv, name: "mask_value")], name: "\(c.name)/diff")
        let a = g.node1("Abs", [d], name: "\(c.name)/abs")
        let m = g.reduce("ReduceMax", a, axes: [x.onnxAxis(-1)], keepdims: true, name: "\(c.name)/any")
        let keep = g.node1("Greater", [m, g.scalar(0, name: "zero")], name: "\(c.name)/keep")
        x.name = g.node1("Where", [keep, x.name, g.scalar(0, name: "zero")], name: "\(c.name)/Where")
        return [x]
    }
}
