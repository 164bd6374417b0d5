import Foundation
import OnnxFormat

/// Mod: elementwise remainder with broadcasting (ai.onnx Mod, opsets 10-13). With
/// `fmod` = 0 (default) the result takes the divisor's sign (Python/numpy `%`); with
/// `fmod` = 1 it takes the dividend's sign (C fmod). Integer division by zero is an error.
struct Mod: Operator {
    let node: NodeInfo
    let fmod: Bool
    init(_ node: NodeInfo) throws {
        self.node = node
        fmod = try node.int("fmod", default: 0) != 0
    }
    struct IntMod: IntegerBinaryFunction {
        let fmod: Bool
        func callAsFunction<T: FixedWidthInteger>(_ a: T, _ b: T) throws -> T {
            guard b != 0 else { throw RuntimeError("integer modulo by zero") }
            var r = a.remainderReportingOverflow(dividingBy: b).partialValue
            if !fmod, r != 0, (r < 0) != (b < 0) { r = r &+ b }
            return r
        }
    }
    static func floatMod<T: Real>(_ a: T, _ b: T, fmod: Bool) -> T {
        var r = T.fmod(a, b)
        if !fmod, r != 0, (r < 0) != (b < 0) { r += b }
        return r
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let f = fmod
        return [try Elementwise.numeric(node.required(inputs, 0), node.required(inputs, 1),
                                        float: { Mod.floatMod($0, $1, fmod: f) },
                                        double: { Mod.floatMod($0, $1, fmod: f) },
                                        integer: IntMod(fmod: f), name: "Mod")]
    }
}

extension Mod: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [try ShapeInference.broadcast(inputs)]
    }
}
