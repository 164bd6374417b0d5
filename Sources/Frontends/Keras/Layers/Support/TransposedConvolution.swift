import Foundation
import OnnxFormat

/// Conv1D/2D/3DTranspose: one ONNX ConvTranspose. Keras kernels [k..., out, in] become
/// ONNX [in, out, k...]. Keras' output window (as its torch and JAX backends compute it)
/// is the full transposed convolution cropped by (left, right) per axis; a negative right
/// crop is an extension, ONNX output_padding.
enum TransposedConvolution {
    /// (crop at the start, crop at the end) of the full output for one axis.
    static func crops(kernel: Int, stride: Int, dilation: Int, padding: String, outputPadding: Int?) -> (Int, Int) {
        let keff = (kernel - 1) * dilation + 1
        let left: Int, right: Int
        if padding == "valid" {
            let op = outputPadding ?? (max(keff, stride) - keff)
            left = keff - 1
            right = keff - 1 + op
        } else {
            let padLen = outputPadding.map { keff + keff % 2 - 2 + $0 } ?? (stride + keff - 2)
            left = min(padLen / 2 + padLen % 2, keff - 1)
            right = padLen - left
        }
        return (keff - 1 - left, keff - 1 - right)
    }

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
        let padding = try c.cfg.string("padding", "valid")
        guard padding == "valid" || padding == "same" else { throw c.fail("padding '\(padding)' is not supported (valid, same)") }
        let op: [Int?] = c.cfg.has("output_padding") ? try c.cfg.ints("output_padding", count: n).map { Optional($0) }
                                                      : Array(repeating: nil, count: n)
        guard k.allSatisfy({ $0 >= 1 }), s.allSatisfy({ $0 >= 1 }), d.allSatisfy({ $0 >= 1 }) else {
            throw c.fail("kernel_size, strides and dilation_rate must be positive")
        }
        let kernel = try c.weight(0, "kernel", shape: k + [filters, cin])
        let bias = try c.cfg.bool("use_bias", true) ? try c.weight(1, "bias", shape: [filters]) : nil
        let (x, outPerm) = Spatial.channelsFirstInput(x0, c.g, dataFormat: df)
        var begin: [Int] = [], end: [Int] = [], extra: [Int] = []
        var shape = x0.shape
        for i in 0 ..< n {
            let (l, r) = crops(kernel: k[i], stride: s[i], dilation: d[i], padding: padding, outputPadding: op[i])
            begin.append(l)
            end.append(max(r, 0))
            extra.append(max(-r, 0))
            let keff = (k[i] - 1) * d[i] + 1
            shape[spatial[i]] = x0.shape[spatial[i]].map { ($0 - 1) * s[i] + keff - l - r }
        }
        shape[channel] = filters
        let w = kernel.transposed([n + 1, n] + Array(0 ..< n))
        var inputs = [x.name, c.initializer(w, "kernel")]
        if let bias { inputs.append(c.initializer(bias, "bias")) }
        typealias B = KerasGraphBuilder
        var attrs = [B.attr("kernel_shape", ints: k), B.attr("strides", ints: s), B.attr("dilations", ints: d)]
        if (begin + end).contains(where: { $0 != 0 }) { attrs.append(B.attr("pads", ints: begin + end)) }
        if extra.contains(where: { $0 != 0 }) { attrs.append(B.attr("output_padding", ints: extra)) }
        let out = c.g.node1("ConvTranspose", inputs, attrs, name: "\(c.name)/ConvTranspose")
        return [try c.activation(c.output(out, shape: shape, perm: outPerm))]
    }
}
