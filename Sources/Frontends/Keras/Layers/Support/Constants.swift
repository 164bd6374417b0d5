/// Reading numbers and arrays from layer configs (Keras serialises numpy arrays as
/// {"class_name": "__numpy__", "config": {"value": [...]}}).
enum ConfigValues {
    /// A float or a flat list of floats.
    static func floats(_ v: Any?) -> [Float]? {
        if let d = v as? Double { return [Float(d)] }
        if let i = v as? Int { return [Float(i)] }
        if let a = v as? [Any] {
            var out: [Float] = []
            for x in a {
                guard let f = floats(x) else { return nil }
                out += f
            }
            return out
        }
        if let d = v as? [String: Any], let c = d["config"] as? [String: Any] { return floats(c["value"]) }
        return nil
    }

    /// A constant broadcasting over `v` along its last Keras axis (`values.count` == 1 or the
    /// channel count), laid out like `v`.
    static func channelConstant(_ values: [Float], like v: KValue, _ c: LayerContext, name: String) throws -> String {
        if values.count == 1 { return c.g.constant(values, shape: [], name: name) }
        guard v.shape.last == values.count else { throw c.fail("\(values.count) values for \(v.shape.last.flatMap { $0 }.map(String.init) ?? "?") channels") }
        var shape = Array(repeating: 1, count: v.rank)
        shape[v.rank - 1] = values.count
        var a = FloatArray(shape: shape, values: values)
        if let p = v.perm { a = a.transposed(p) }
        return c.g.weight(a, name: name)
    }
}
