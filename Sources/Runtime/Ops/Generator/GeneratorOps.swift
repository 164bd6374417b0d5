/// The Generator family: Constant, ConstantOfShape, Range, random ops, EyeLike.
enum GeneratorOps {
    static let table: [String: OperatorFactory] = [:]
}
