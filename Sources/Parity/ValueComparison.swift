import Foundation
import OnnxFormat

/// The comparison of one output value of any kind (tensor, sequence, map, optional)
/// against its expected value, under the ONNX backend suite's rules.
public struct ValueComparison: Codable, Sendable, Equatable {
    /// The output's name.
    public var name: String
    public var passed: Bool
    /// Why the value failed, in one line, naming the element path (nil when it passed).
    public var failure: String?
    /// Every tensor compared, named by its path inside the value: `y`, `y[2]` (sequence
    /// element), `y{"a"}` (map value), `y?` (optional's content).
    public var tensors: [OutputComparison]

    /// The failing tensor with the largest absolute error, else the first tensor.
    public var worst: OutputComparison? {
        let failing = tensors.filter { !$0.passed }
        return failing.max { $0.maxAbsError < $1.maxAbsError } ?? tensors.first
    }
}

extension Compare {
    /// Compares two values structurally: kinds must match; sequences element by element
    /// after their lengths; maps key by key (same keys, same order); optionals both empty
    /// or both holding matching values. Tensors follow `strictTensor`.
    public static func value(name: String, expected: Value, actual: Value, tolerance: Tolerance) -> ValueComparison {
        var r = ValueComparison(name: name, passed: true, failure: nil, tensors: [])
        walk(path: name, expected, actual, tolerance, into: &r)
        return r
    }

    /// `Compare.output` with the backend suite's strictness: the element types must be
    /// identical (float and double differ), and integers are compared exactly as int64.
    /// bfloat16 outputs get rtol of at least 2^-6 (two bfloat16 ULPs), as onnx's own backend
    /// runner allows (onnx/backend/test/runner, assert_similar_outputs).
    public static func strictTensor(name: String, expected: Tensor, actual: Tensor, tolerance: Tolerance) -> OutputComparison {
        var tolerance = tolerance
        if expected.dataType == .bfloat16 { tolerance.rtol = max(tolerance.rtol, 1.0 / 64) }
        var c = output(name: name, expected: expected, actual: actual, tolerance: tolerance)
        // 8-bit floats and 4-bit types have no numeric reader: compared bit for bit.
        if case .bits8(let e) = expected.storage, case .bits8(let a) = actual.storage,
           expected.dataType == actual.dataType, expected.shape == actual.shape {
            let bad = zip(e, a).enumerated().filter { $0.element.0 != $0.element.1 }
            c.passed = bad.isEmpty && e.count == a.count
            c.mismatches = bad.count
            c.failure = nil
            if let first = bad.first {
                c.worstIndex = first.offset
                c.worstPosition = position(first.offset, expected.shape)
                c.failure = "\(bad.count) \(expected.dataType) elements differ bit for bit; first at \(c.worstPosition ?? []): 0x\(String(first.element.1, radix: 16)) vs reference 0x\(String(first.element.0, radix: 16))"
            }
            return c
        }
        guard c.passed else { return c }
        if expected.dataType != actual.dataType {
            c.passed = false
            c.failure = "element type \(actual.dataType) differs from the reference's \(expected.dataType)"
            return c
        }
        if [.int64, .uint64, .int32, .uint32].contains(expected.dataType), c.passed,
           let e = expected.asInt64s(), let a = actual.asInt64s(), e != a {
            let i = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? 0
            c.passed = false
            c.mismatches = zip(e, a).filter { $0 != $1 }.count
            c.worstIndex = i
            c.worstPosition = position(i, expected.shape)
            c.failure = "\(c.mismatches) integers differ; first at \(c.worstPosition ?? []): \(i < a.count ? a[i] : 0) vs reference \(i < e.count ? e[i] : 0)"
        }
        return c
    }

    private static func walk(path: String, _ e: Value, _ a: Value, _ tol: Tolerance, into r: inout ValueComparison) {
        func fail(_ why: String) {
            if r.passed { r.failure = "\(path): \(why)" }
            r.passed = false
        }
        switch (e, a) {
        case (.tensor(let et), .tensor(let at)):
            let c = strictTensor(name: path, expected: et, actual: at, tolerance: tol)
            r.tensors.append(c)
            if !c.passed { fail(c.failure ?? "outside tolerance") }
        case (.sequence(_, let es), .sequence(_, let as_)):
            guard es.count == as_.count else { return fail("sequence of \(as_.count) elements, the reference has \(es.count)") }
            for (k, (x, y)) in zip(es, as_).enumerated() { walk(path: "\(path)[\(k)]", x, y, tol, into: &r) }
        case (.map(let ek, let ev), .map(let ak, let av)):
            guard ek == ak else {
                return fail("map keys \(ak.prefix(5).map(\.description)) differ from the reference's \(ek.prefix(5).map(\.description))")
            }
            for (k, (x, y)) in zip(ev, av).enumerated() where k < ek.count {
                walk(path: "\(path){\(ek[k])}", x, y, tol, into: &r)
            }
        case (.optional(let eo), .optional(let ao)):
            switch (eo, ao) {
            case (nil, nil): break
            case (nil, _?): fail("optional holds a value, the reference is empty")
            case (_?, nil): fail("optional is empty, the reference holds a value")
            case (let x?, let y?): walk(path: "\(path)?", x, y, tol, into: &r)
            }
        default:
            fail("a \(a.kind), the reference is a \(e.kind)")
        }
    }
}
