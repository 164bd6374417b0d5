import Foundation
import OnnxFormat

/// RegexFullMatch: whether each string matches `pattern` as a whole (ai.onnx
/// RegexFullMatch, opset 20+). The spec names RE2 syntax; we use Foundation's
/// NSRegularExpression (ICU), which agrees on the common subset. Output: bool, X's shape.
struct RegexFullMatch: Operator {
    let node: NodeInfo
    let regex: NSRegularExpression
    init(_ node: NodeInfo) throws {
        self.node = node
        let p = try node.string("pattern", default: "")
        do { regex = try NSRegularExpression(pattern: "^(?:" + p + ")$") } catch {
            throw RuntimeError.node(node, "attribute 'pattern' = '\(p)' is not a valid regular expression")
        }
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        guard case .string(let s) = x.storage else { throw RuntimeError.node(node, "X must be a string tensor") }
        let r = s.map { str -> Bool in
            let ns = str as NSString
            return regex.firstMatch(in: str, options: [], range: NSRange(location: 0, length: ns.length)) != nil
        }
        return [Tensor(uncheckedType: .bool, shape: x.shape, storage: .bool(r))]
    }
}

extension RegexFullMatch: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [ValueType(.bool, inputs.at(0)?.shape)]
    }
}
