import Foundation

/// keras.layers.Softmax(axis): one Softmax on the matching ONNX axis.
enum SoftmaxLayer: KerasLayerConverter {
    static let classNames = ["Softmax"]
    static func convert(_ c: LayerContext) throws -> [KValue] {
        var v = try c.input()
        let axes = try c.cfg.axes("axis", [-1])
        guard axes.count == 1, let a = axes.first else { throw c.fail("softmax over several axes is not supported") }
        if let m = c.kwargs["mask"], !(m is NSNull) { throw c.fail("masked softmax is not supported") }
        if c.tensorKwargs["mask"] != nil { throw c.fail("masked softmax is not supported") }
        v.name = c.g.node1("Softmax", [v.name], [KerasGraphBuilder.attr("axis", int: v.onnxAxis(try c.axis(a, rank: v.rank)))], name: "\(c.name)/Softmax")
        return [v]
    }
}
