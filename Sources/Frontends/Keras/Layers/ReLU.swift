import OnnxFormat

/// keras.layers.ReLU(max_value, negative_slope, threshold): Relu, Clip, LeakyRelu, or a
/// Where for the general case.
enum ReLULayer: KerasLayerConverter {
    static let classNames = ["ReLU"]
    static func convert(_ c: LayerContext) throws -> [KValue] {
        var v = try c.input()
        let maxValue = try c.cfg.optionalDouble("max_value")
        let slope = try c.cfg.double("negative_slope", 0)
        let threshold = try c.cfg.double("threshold", 0)
        let x = v.name
        if slope == 0 && threshold == 0 {
            v.name = maxValue.map { c.g.clip(x, min: 0, max: Float($0), name: "\(c.name)/Clip") } ?? c.g.node1("Relu", [x], name: "\(c.name)/Relu")
            return [v]
        }
        var y: String
        if threshold == 0 {
            y = c.g.node1("LeakyRelu", [x], [KerasGraphBuilder.attr("alpha", float: slope)], name: "\(c.name)/LeakyRelu")
        } else if slope == 0 {
            y = c.g.node1("ThresholdedRelu", [x], [KerasGraphBuilder.attr("alpha", float: threshold)], name: "\(c.name)/ThresholdedRelu")
        } else {
            let th = c.g.scalar(Float(threshold), name: "threshold")
            let cond = c.g.node1("Less", [x, th], name: "\(c.name)/Less")
            let shifted = c.g.node1("Sub", [x, th], name: "\(c.name)/Sub")
            let neg = c.g.node1("Mul", [shifted, c.g.scalar(Float(slope), name: "slope")], name: "\(c.name)/Mul")
            y = c.g.node1("Where", [cond, neg, x], name: "\(c.name)/Where")
        }
        if let m = maxValue { y = c.g.node1("Min", [y, c.g.scalar(Float(m), name: "max_value")], name: "\(c.name)/Min") }
        v.name = y
        return [v]
    }
}
