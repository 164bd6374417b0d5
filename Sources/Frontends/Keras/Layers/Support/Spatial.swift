import Foundation
import OnnxFormat

/// Window geometry shared by convolutions and pooling: Keras padding modes as ONNX pads.
enum Spatial {
    /// Output size of one spatial axis (nil if the input size is unknown).
    static func outputSize(_ input: Int?, kernel: Int, stride: Int, dilation: Int, padding: String) -> Int? {
        guard let input else { return nil }
        let eff = (kernel - 1) * dilation + 1
        switch padding {
        case "same": return (input + stride - 1) / stride
        case "causal": return (input - 1) / stride + 1
        default: return input >= eff ? (input - eff) / stride + 1 : 0
        }
    }

    /// ONNX attributes for a window op: explicit pads when sizes are known (TensorFlow's
    /// "same": the odd pixel goes at the end), else auto_pad SAME_UPPER.
    static func padAttributes(_ inputs: [Int?], kernel: [Int], stride: [Int], dilation: [Int], padding: String) -> [Onnx_AttributeProto] {
        let n = kernel.count
        switch padding {
        case "valid": return []
        case "causal":
            return [KerasGraphBuilder.attr("pads", ints: (0 ..< n).map { (kernel[$0] - 1) * dilation[$0] } + Array(repeating: 0, count: n))]
        default:
            var begin: [Int] = [], end: [Int] = []
            for i in 0 ..< n {
                guard let size = inputs[i] else { return [KerasGraphBuilder.attr("auto_pad", string: "SAME_UPPER")] }
                let out = (size + stride[i] - 1) / stride[i]
                let eff = (kernel[i] - 1) * dilation[i] + 1
                let total = max(0, (out - 1) * stride[i] + eff - size)
                begin.append(total / 2)
                end.append(total - total / 2)
            }
            if (begin + end).allSatisfy({ $0 == 0 }) { return [] }
            return [KerasGraphBuilder.attr("pads", ints: begin + end)]
        }
    }

    /// The Keras axes of the spatial dimensions and of the channels.
    static func axes(rank r: Int, dataFormat: String) -> (spatial: [Int], channel: Int) {
        dataFormat == "channels_first" ? (Array(2 ..< r), 1) : (Array(1 ..< r - 1), r - 1)
    }

    /// `v` in the layout ONNX window ops want (channels second), as its Keras data format says.
    static func channelsFirstInput(_ v: KValue, _ g: KerasGraphBuilder, dataFormat: String) -> (value: KValue, outPerm: [Int]?) {
        if dataFormat == "channels_first" { return (g.keras(v), nil) }
        let cf = KValue.channelsFirstPerm(rank: v.rank)
        return (g.channelsFirst(v), cf)
    }
}
