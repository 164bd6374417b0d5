import Foundation
import OnnxFormat

/// MelWeightMatrix: the [dft_length/2 + 1, num_mel_bins] matrix of triangular mel filters
/// (ai.onnx MelWeightMatrix, opset 17+). Inputs: num_mel_bins, dft_length, sample_rate
/// (integer scalars), lower_edge_hertz, upper_edge_hertz (float scalars). The num_mel_bins + 2
/// band edges are equally spaced in mel (2595·log10(1 + f/700)) between the two edges and
/// mapped to spectrogram bins floor((dft_length + 1)·f / sample_rate); filter i rises from
/// edge i to edge i+1 and falls to edge i+2. Computed as onnx's reference does (the mel
/// bounds and step in float32, the rest in float64); `output_datatype` (default float).
struct MelWeightMatrix: Operator {
    let node: NodeInfo
    let outputType: DataType

    init(_ node: NodeInfo) throws {
        self.node = node
        outputType = try WindowFunction.outputType(node)
    }

    func scalar(_ inputs: [Tensor?], _ i: Int, _ what: String) throws -> Int {
        let v = try Index.ints(node.required(inputs, i), node, what)
        guard v.count == 1, let n = v.first else { throw RuntimeError.node(node, "\(what) must be a scalar") }
        return n
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let mels = try scalar(inputs, 0, "num_mel_bins"), dft = try scalar(inputs, 1, "dft_length")
        let rate = try scalar(inputs, 2, "sample_rate")
        let lowT = try node.required(inputs, 3), highT = try node.required(inputs, 4)
        guard mels >= 1, mels < 1 << 20, dft >= 1, dft < 1 << 24, rate >= 1 else {
            throw RuntimeError.node(node, "num_mel_bins (\(mels)), dft_length (\(dft)) and sample_rate (\(rate)) must be positive")
        }
        guard let low = try node.elements(lowT, Float.self, "lower_edge_hertz").first,
              let high = try node.elements(highT, Float.self, "upper_edge_hertz").first else {
            throw RuntimeError.node(node, "lower_edge_hertz and upper_edge_hertz must be scalars")
        }
        let ln10 = Float(log(10.0))
        let lowMel = 2595 * log1p(low / 700) / ln10, highMel = 2595 * log1p(high / 700) / ln10
        let step = (highMel - lowMel) / Float(mels + 2)
        let edges: [Int] = try (0..<(mels + 2)).map { i in
            let mel = Double(i) * Double(step) + Double(lowMel)
            let hz = 700 * expm1(mel / 2595 * log(10.0))
            let bin = (Double(dft + 1) * hz / Double(rate)).rounded(.down)
            guard bin.isFinite, abs(bin) < 1e12 else { throw RuntimeError.node(node, "band edge \(hz) Hz is out of range") }
            return Int(bin)
        }
        let rows = dft / 2 + 1
        var out = [Double](repeating: 0, count: rows * mels)
        func set(_ j: Int, _ i: Int, _ v: Double) throws {
            guard j >= 0, j < rows else { throw RuntimeError.node(node, "band edge bin \(j) is outside 0..<\(rows)") }
            out[j * mels + i] = v
        }
        for i in 0..<mels {
            let (l, c, h) = (edges[i], edges[i + 1], edges[i + 2])
            if c == l {
                try set(c, i, 1)
            } else if c > l {
                for j in l...c { try set(j, i, Double(j - l) / Double(c - l)) }
            }
            if h > c { for j in c..<h { try set(j, i, Double(h - j) / Double(h - c)) } }
        }
        return [try Cast.convert(Tensor(uncheckedType: .double, shape: [rows, mels], storage: .double(out)), to: outputType)]
    }
}

extension MelWeightMatrix: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [ValueType(outputType, [.unknown, .unknown])]
    }
}
