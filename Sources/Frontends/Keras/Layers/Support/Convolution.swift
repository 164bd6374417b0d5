import Foundation
import OnnxFormat

/// Conv1D/2D/3D, DepthwiseConv and SeparableConv share this: Keras kernels
/// [k..., in/groups, out] become ONNX [out, in/groups, k...] at conversion time, and
/// channels_last inputs are convolved channels-first.
enum Convolution {
    /// Emits a Conv of `x` (ONNX layout, channels second) with a Keras-layout kernel.
    /// Returns the output ONNX name and its node index.
    static func conv(_ c: LayerContext, _ x: KValue, kernel: FloatArray, bias: FloatArray?, group: Int,
                     kernelSize: [Int], strides: [Int], dilation: [Int], padding: String,
                     spatialSizes: [Int?], what: String = "kernel", name: String) -> (String, Int) {
        let n = kernelSize.count
        let w = kernel.transposed([n + 1, n] + Array(0 ..< n))
        var inputs = [x.name, c.initializer(w, what)]
        if let bias { inputs.append(c.initializer(bias, "bias")) }
        var attrs = [KerasGraphBuilder.attr("kernel_shape", ints: kernelSize),
                     KerasGraphBuilder.attr("strides", ints: strides),
                     KerasGraphBuilder.attr("dilations", ints: dilation)]
        if group != 1 { attrs.append(KerasGraphBuilder.attr("group", int: group)) }
        attrs += Spatial.padAttributes(spatialSizes, kernel: kernelSize, stride: strides, dilation: dilation, padding: padding)
        let out = c.g.node1("Conv", inputs, attrs, name: name)
        return (out, c.g.nodes.count - 1)
    }

    /// Registers a conv output as a BatchNormalization folding target.
    static func registerFold(_ c: LayerContext, output: String, nodeIndex: Int, channelAxis: Int) {
        guard !c.isSharedLayer, let node = c.g.nodes.last, node.output.first == output else { return }
        c.g.foldTargets[output] = FoldTarget(weight: node.input[1], axis: 0, bias: node.input.count > 2 ? node.input[2] : nil,
                                             nodeIndex: nodeIndex, kerasChannelAxis: channelAxis)
    }

    /// Conv1D/2D/3D.
    static func convert(_ c: LayerContext, rank n: Int) throws -> [KValue] {
        let x0 = try c.input()
        guard x0.rank == n + 2 else { throw c.fail("expects a rank-\(n + 2) input, got rank \(x0.rank)") }
        let df = c.cfg.dataFormat
        let (spatial, channel) = Spatial.axes(rank: n + 2, dataFormat: df)
        guard let cin = x0.shape[channel] else { throw c.fail("the input channel count is unknown") }
        let filters = try c.cfg.int("filters")
        let k = try c.cfg.ints("kernel_size", count: n)
        let s = try c.cfg.ints("strides", count: n, Array(repeating: 1, count: n))
        let d = try c.cfg.ints("dilation_rate", count: n, Array(repeating: 1, count: n))
        let groups = try c.cfg.int("groups", 1)
        let padding = try c.cfg.string("padding", "valid")
        guard groups >= 1, cin % groups == 0, filters % groups == 0 else { throw c.fail("groups \(groups) does not divide the channels") }
        let kernel = try c.weight(0, "kernel", shape: k + [cin / groups, filters])
        let bias = try c.cfg.bool("use_bias", true) ? try c.weight(1, "bias", shape: [filters]) : nil
        let (x, outPerm) = Spatial.channelsFirstInput(x0, c.g, dataFormat: df)
        let sizes = spatial.map { x0.shape[$0] }
        let (out, idx) = conv(c, x, kernel: kernel, bias: bias, group: groups, kernelSize: k, strides: s, dilation: d,
                              padding: padding, spatialSizes: sizes, name: "\(c.name)/Conv")
        var shape = x0.shape
        for (i, a) in spatial.enumerated() {
            shape[a] = Spatial.outputSize(x0.shape[a], kernel: k[i], stride: s[i], dilation: d[i], padding: padding)
        }
        shape[channel] = filters
        let v = c.output(out, shape: shape, perm: outPerm)
        let act = try c.cfg.activation()
        if act == "linear" { registerFold(c, output: out, nodeIndex: idx, channelAxis: channel) }
        return [try c.activation(v)]
    }
}

extension Convolution {
    /// DepthwiseConv1D/2D and SeparableConv1D/2D (`separable`: a 1x1 pointwise Conv follows).
    static func depthwise(_ c: LayerContext, rank n: Int, separable: Bool) throws -> [KValue] {
        let x0 = try c.input()
        guard x0.rank == n + 2 else { throw c.fail("expects a rank-\(n + 2) input, got rank \(x0.rank)") }
        let df = c.cfg.dataFormat
        let (spatial, channel) = Spatial.axes(rank: n + 2, dataFormat: df)
        guard let cin = x0.shape[channel] else { throw c.fail("the input channel count is unknown") }
        let mult = try c.cfg.int("depth_multiplier", 1)
        let k = try c.cfg.ints("kernel_size", count: n)
        let s = try c.cfg.ints("strides", count: n, Array(repeating: 1, count: n))
        let d = try c.cfg.ints("dilation_rate", count: n, Array(repeating: 1, count: n))
        let padding = try c.cfg.string("padding", "valid")
        let useBias = try c.cfg.bool("use_bias", true)
        let dk = try c.weight(0, separable ? "depthwise_kernel" : "kernel", shape: k + [cin, mult])
        // [k..., in, mult] -> [k..., 1, in*mult]: output channel c*mult + m, as in Keras.
        let dkr = dk.reshaped(k + [1, cin * mult])
        let (x, outPerm) = Spatial.channelsFirstInput(x0, c.g, dataFormat: df)
        let sizes = spatial.map { x0.shape[$0] }
        var shape = x0.shape
        for (i, a) in spatial.enumerated() {
            shape[a] = Spatial.outputSize(x0.shape[a], kernel: k[i], stride: s[i], dilation: d[i], padding: padding)
        }
        var out: String, idx: Int
        if separable {
            let filters = try c.cfg.int("filters")
            let pk = try c.weight(1, "pointwise_kernel", shape: Array(repeating: 1, count: n) + [cin * mult, filters])
            let b = useBias ? try c.weight(2, "bias", shape: [filters]) : nil
            (out, _) = conv(c, x, kernel: dkr, bias: nil, group: cin, kernelSize: k, strides: s, dilation: d,
                            padding: padding, spatialSizes: sizes, what: "depthwise_kernel", name: "\(c.name)/depthwise")
            let ones = Array(repeating: 1, count: n)
            (out, idx) = conv(c, KValue(name: out, shape: shape, perm: outPerm), kernel: pk, bias: b, group: 1, kernelSize: ones,
                              strides: ones, dilation: ones, padding: "valid", spatialSizes: [], what: "pointwise_kernel",
                              name: "\(c.name)/pointwise")
            shape[channel] = filters
        } else {
            let b = useBias ? try c.weight(1, "bias", shape: [cin * mult]) : nil
            (out, idx) = conv(c, x, kernel: dkr, bias: b, group: cin, kernelSize: k, strides: s, dilation: d,
                              padding: padding, spatialSizes: sizes, name: "\(c.name)/Conv")
            shape[channel] = cin * mult
        }
        if try c.cfg.activation() == "linear" { registerFold(c, output: out, nodeIndex: idx, channelAxis: channel) }
        return [try c.activation(c.output(out, shape: shape, perm: outPerm))]
    }
}
