/// keras.layers.Reshape(target_shape): ONNX Reshape of the Keras-layout tensor, batch kept.
enum ReshapeLayer: KerasLayerConverter {
    static let classNames = ["Reshape"]
    static func convert(_ c: LayerContext) throws -> [KValue] {
        let x = c.g.keras(try c.input())
        let target = try c.cfg.intList("target_shape")
        guard target.filter({ $0 == -1 }).count <= 1, target.allSatisfy({ $0 == -1 || $0 > 0 }) else {
            throw c.fail("target_shape \(target) is invalid")
        }
        var shape: [Int?] = [x.shape[0]] + target.map { $0 == -1 ? nil : $0 }
        let known = x.shape.dropFirst().allSatisfy { $0 != nil }
        if known, let i = target.firstIndex(of: -1) {
            let total = x.shape.dropFirst().reduce(1) { $0 * ($1 ?? 1) }
            let other = target.filter { $0 != -1 }.reduce(1, *)
            guard other > 0, total % other == 0 else { throw c.fail("cannot reshape \(x.shape) to \(target)") }
            shape[i + 1] = total / other
        }
        let out = c.g.reshape(x.name, [0] + target, name: "\(c.name)/Reshape")
        return [c.output(out, shape: shape)]
    }
}
