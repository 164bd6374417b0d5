/// The Math family: arithmetic, matrix products, elementwise math.
enum MathOps {
    static let table: [String: OperatorFactory] = [
        "Add": { try Add($0) },
        "Sub": { try Sub($0) },
        "Mul": { try Mul($0) },
        "Div": { try Div($0) },
        "Gemm": { try Gemm($0) },
        "MatMul": { try MatMul($0) },
    ]
}
