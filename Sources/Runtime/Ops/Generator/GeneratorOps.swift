/// The Generator family: Constant, ConstantOfShape, Range, random ops, EyeLike.
enum GeneratorOps {
    static let table: [String: OperatorFactory] = [
        "Constant": { try Constant($0) },
        "ConstantOfShape": { try ConstantOfShape($0) },
        "Range": { try Range($0) },
        "EyeLike": { try EyeLike($0) },
        "HannWindow": { try HannWindow($0) },
        "HammingWindow": { try HammingWindow($0) },
        "BlackmanWindow": { try BlackmanWindow($0) },
        "RandomUniform": { try RandomUniform($0) },
        "RandomNormal": { try RandomNormal($0) },
        "RandomUniformLike": { try RandomUniformLike($0) },
        "RandomNormalLike": { try RandomNormalLike($0) },
        "Bernoulli": { try Bernoulli($0) },
        "Multinomial": { try Multinomial($0) },
        "MelWeightMatrix": { try MelWeightMatrix($0) },
    ]
}
