/// keras.layers.Permute(dims): no node; the permutation is absorbed into the value's
/// layout and materialised (as one Transpose) only if a later layer needs Keras' order.
enum PermuteLayer: KerasLayerConverter {
    static let classNames = ["Permute"]
    static func convert(_ c: LayerContext) throws -> [KValue] {
        var v = try c.input()
        let dims = try c.cfg.intList("dims")
        let p = [0] + dims
        guard p.count == v.rank, Set(p) == Set(0 ..< v.rank) else { throw c.fail("dims \(dims) are not a permutation of 1...\(v.rank - 1)") }
        let inPerm = v.perm ?? Array(0 ..< v.rank)
        let newPerm = inPerm.map { k in p.firstIndex(of: k) ?? k }
        v.shape = p.map { v.shape[$0] }
        v.perm = newPerm == Array(0 ..< v.rank) ? nil : newPerm
        return [v]
    }
}
