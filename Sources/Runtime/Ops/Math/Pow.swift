import Foundation
import OnnxFormat

/// Pow: elementwise base^exponent with broadcasting (ai.onnx Pow, opsets 1-15). The base is
/// float, double, float16, bfloat16, int32 or int64; since opset 12 the exponent may have
/// another numeric type and is converted to the base's type. Integer powers use repeated
/// squaring (wrapping); a negative integer exponent gives 0 unless the base is ±1.
struct Pow: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }

    struct IntPow: IntegerBinaryFunction {
        func callAsFunction<T: FixedWidthInteger>(_ x: T, _ y: T) throws -> T {
            if y < 0 {
                if x == 1 { return 1 }
                if T.isSigned, x == 0 &- 1 { return (y & 1) == 0 ? 1 : x }
                throw RuntimeError("integer power with negative exponent")
            }
            var result: T = 1, base = x, e = y
            while e > 0 {
                if e & 1 == 1 { result = result &* base }
                base = base &* base
                e >>= 1
            }
            return result
        }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        var y = try node.required(inputs, 1)
        if y.dataType != x.dataType {
            guard y.dataType != .string, x.dataType != .string, x.dataType != .bool else {
                throw RuntimeError.node(node, "unsupported type combination \(x.dataType) ^ \(y.dataType)")
            }
            if !x.isFloatLike && y.isFloatLike {
                // Integer base, float exponent: compute in double and truncate, like onnxruntime.
                let r = try Elementwise.binary(Cast.convert(x, to: .double), Cast.convert(y, to: .double),
                                               .init(double: { Foundation.pow($0, $1) }), name: "Pow")
                return [try Cast.convert(r, to: x.dataType)]
            }
            y = try Cast.convert(y, to: x.dataType)
        }
        return [try Elementwise.numeric(x, y, float: { a, b in b == 2 ? a * a : Foundation.pow(a, b) },
                                        double: { a, b in b == 2 ? a * a : Foundation.pow(a, b) },
                                        integer: IntPow(), name: "Pow")]
    }
}

extension Pow: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        // The result has the base's element type, whatever the exponent's.
        var t = try ShapeInference.broadcast(inputs, sameType: false)
        t.dataType = inputs.at(0)?.dataType
        return [t]
    }
}
