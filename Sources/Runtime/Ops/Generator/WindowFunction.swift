import OnnxFormat

/// What HannWindow, HammingWindow and BlackmanWindow share: the size input, the
/// output_datatype attribute and the periodic/symmetric denominator.
enum WindowFunction {
    static func outputType(_ node: NodeInfo) throws -> DataType {
        let raw = try node.int("output_datatype", default: 1)
        guard let t = DataType(rawValue: Int32(clamping: raw)), t != .string, t != .bool else {
            throw RuntimeError.node(node, "attribute 'output_datatype' = \(raw) is not a numeric element type")
        }
        return t
    }

    static func size(_ node: NodeInfo, _ t: Tensor) throws -> Int {
        let v = try Index.ints(t, node, "size")
        guard v.count == 1, let n = v.first, n >= 0, n < 1 << 28 else { throw RuntimeError.node(node, "size must be a non-negative scalar") }
        return n
    }

    static func make(_ node: NodeInfo, _ inputs: [Tensor?], periodic: Bool, as t: DataType,
                     _ f: (Double, Double) -> Double) throws -> [Tensor] {
        let n = try size(node, node.required(inputs, 0))
        let d = Double(periodic ? n : n - 1)
        let v = (0..<n).map { f(Double($0), d) }
        return [try Cast.convert(Tensor(uncheckedType: .double, shape: [n], storage: .double(v)), to: t)]
    }

    static func infer(_ node: NodeInfo, _ constants: [Tensor?], _ t: DataType) throws -> [ValueType?] {
        if let c: Tensor = constants.at(0) { return [ValueType(t, fixed: [try size(node, c)])] }
        return [ValueType(t, [.unknown])]
    }
}
