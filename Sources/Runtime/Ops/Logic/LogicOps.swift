/// The Logic family: comparisons, boolean ops, Where.
enum LogicOps {
    static let table: [String: OperatorFactory] = [:]
}
