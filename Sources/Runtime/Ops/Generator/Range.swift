import Foundation
import OnnxFormat

/// Range: start, start + delta, ... up to (not including) limit, from three scalar inputs
/// of one type (ai.onnx Range, opset 11). float, double, float16, bfloat16 (computed in
/// float and rounded), int16, int32, int64. The count is
/// max(ceil((limit - start) / delta), 0); delta 0 is an error.
struct Range: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let s = try node.required(inputs, 0), l = try node.required(inputs, 1), d = try node.required(inputs, 2)
        guard s.dataType == l.dataType, s.dataType == d.dataType else {
            throw RuntimeError.node(node, "inputs must share one type, got \(s.dataType), \(l.dataType), \(d.dataType)")
        }
        guard s.count == 1, l.count == 1, d.count == 1 else { throw RuntimeError.node(node, "inputs must be scalars") }
        switch s.dataType {
        case .float16, .bfloat16:
            let r = try Range(node).run([Cast.toFloat(s), Cast.toFloat(l), Cast.toFloat(d)])
            return [Cast.fromFloat(r[0], to: s.dataType)]
        case .float, .double:
            guard let a = s.asDoubles()?.first, let b = l.asDoubles()?.first, let c = d.asDoubles()?.first else { break }
            guard c != 0 else { throw RuntimeError.node(node, "delta must not be 0") }
            let raw = ((b - a) / c).rounded(.up)
            guard raw.isFinite || raw < 0, raw < Double(Int32.max) else { throw RuntimeError.node(node, "range is too long") }
            let n = max(Int(raw.isFinite ? raw : 0), 0)
            if s.dataType == .float {
                // Accumulate like the reference: start + i * delta in the input type.
                let fa = Float(a), fc = Float(c)
                return [Tensor(shape: [n], floats: (0..<n).map { fa + Float($0) * fc })]
            }
            return [Tensor(uncheckedType: .double, shape: [n], storage: .double((0..<n).map { a + Double($0) * c }))]
        case .int16, .int32, .int64:
            guard let a = s.asInt64s()?.first, let b = l.asInt64s()?.first, let c = d.asInt64s()?.first else { break }
            guard c != 0 else { throw RuntimeError.node(node, "delta must not be 0") }
            let span = b.subtractingReportingOverflow(a)
            guard !span.overflow else { throw RuntimeError.node(node, "range is too long") }
            var n = span.partialValue / c
            if span.partialValue % c != 0, (span.partialValue < 0) == (c < 0) { n += 1 }
            n = max(n, 0)
            guard n < Int64(Int32.max) else { throw RuntimeError.node(node, "range is too long") }
            let v = (0..<n).map { a &+ $0 &* c }
            return [try Cast.convert(Tensor(shape: [Int(n)], int64s: v), to: s.dataType)]
        default: break
        }
        throw RuntimeError.node(node, "element type \(s.dataType) is not supported")
    }
}

extension Range: ShapeInferring {
    /// With every input constant the node is folded at load time; otherwise the length is unknown.
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [ValueType(inputs.at(0)?.dataType ?? inputs.at(1)?.dataType ?? inputs.at(2)?.dataType, [.unknown])]
    }
}
