/// The Reduction family: Reduce*, ArgMax/ArgMin.
enum ReductionOps {
    static let table: [String: OperatorFactory] = [:]
}
