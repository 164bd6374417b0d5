import OnnxFormat

/// DynamicQuantizeLinear: quantizes float x to uint8 with a scale and zero point computed
/// from its range, widened to include 0 (ai.onnx DynamicQuantizeLinear, opset 11+):
/// scale = (max - min) / 255 (1/255 when max == min), zero_point = round(clamp(-min /
/// scale, 0, 255)), y = clamp(round(x / scale) + zero_point, 0, 255), rounding half to
/// even, in float32. Outputs y, y_scale (float scalar), y_zero_point (uint8 scalar).
struct DynamicQuantizeLinear: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let v = try node.elements(x, Float.self, "x")
        let maxx = Swift.max(0, v.max() ?? 0), minx = Swift.min(0, v.min() ?? 0)
        let scale = (maxx == minx ? 1 : maxx - minx) / Float(255)
        let zp = Swift.max(0, Swift.min(255, 0 - minx / scale)).rounded(.toNearestOrEven)
        let y = v.map { UInt8(Swift.max(0, Swift.min(255, ($0 / scale).rounded(.toNearestOrEven) + zp))) }
        return [Tensor(uncheckedType: .uint8, shape: x.shape, storage: .uint8(y)),
                Float.tensor([scale], shape: [], as: x.dataType),
                Tensor(uncheckedType: .uint8, shape: [], storage: .uint8([UInt8(zp)]))]
    }
}

extension DynamicQuantizeLinear: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [ValueType(.uint8, inputs.at(0)?.shape), ValueType(.float, []), ValueType(.uint8, [])]
    }
}
