import Foundation
import OnnxFormat

/// Range: start, start + delta, ... up to (not including) limit, from three scalar inputs
/// of one type (ai.onnx Range, opsets 11, 27). float, double, int16, int32, int64; from
/// opset 27 float16 and bfloat16, computed in the `stash_type` precision (1 = float, the
/// default, or 11 = double) and rounded back. The count is max(ceil((limit - start) /
/// delta), 0); delta 0 is an error.
struct Range: Operator {
    let node: NodeInfo
    let stashDouble: Bool
    init(_ node: NodeInfo) throws {
        self.node = node
        let stash = try node.int("stash_type", default: 1)
        guard stash == 1 || stash == 11 else {
            throw RuntimeError.node(node, "attribute 'stash_type' = \(stash) is not supported (1 = float or 11 = double)")
        }
        stashDouble = stash == 11
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let s = try node.required(inputs, 0), l = try node.required(inputs, 1), d = try node.required(inputs, 2)
        guard s.dataType == l.dataType, s.dataType == d.dataType else {
            throw RuntimeError.node(node, "inputs must share one type, got \(s.dataType), \(l.dataType), \(d.dataType)")
        }
        guard s.count == 1, l.count == 1, d.count == 1 else { throw RuntimeError.node(node, "inputs must be scalars") }
        switch s.dataType {
        case .float, .double, .float16, .bfloat16:
            guard let a = s.asDoubles()?.first, let b = l.asDoubles()?.first, let c = d.asDoubles()?.first else { break }
            guard c != 0 else { throw RuntimeError.node(node, "delta must not be 0") }
            let raw = ((b - a) / c).rounded(.up)
            guard raw.isFinite || raw < 0, raw < Double(Int32.max) else { throw RuntimeError.node(node, "range is too long") }
            let n = max(Int(raw.isFinite ? raw : 0), 0)
            let half = s.dataType == .float16 || s.dataType == .bfloat16
            if s.dataType == .float || (half && !stashDouble) {
                // Accumulate like the reference: start + i * delta in the input type.
                let fa = Float(a), fc = Float(c)
                let r = Tensor(shape: [n], floats: (0..<n).map { fa + Float($0) * fc })
                return [half ? Cast.fromFloat(r, to: s.dataType) : r]
            }
            let r = Tensor(uncheckedType: .double, shape: [n], storage: .double((0..<n).map { a + Double($0) * c }))
            return [half ? try Cast.convert(r, to: s.dataType) : r]
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
