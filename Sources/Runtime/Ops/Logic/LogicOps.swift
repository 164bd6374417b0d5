/// The Logic family: comparisons, boolean ops, Where.
enum LogicOps {
    static let table: [String: OperatorFactory] = [
        "Equal": { try Equal($0) },
        "Less": { try Less($0) },
        "LessOrEqual": { try LessOrEqual($0) },
        "Greater": { try Greater($0) },
        "GreaterOrEqual": { try GreaterOrEqual($0) },
        "Not": { try Not($0) },
        "And": { try And($0) },
        "Or": { try Or($0) },
        "Xor": { try Xor($0) },
        "Where": { try Where($0) },
    ]
}
