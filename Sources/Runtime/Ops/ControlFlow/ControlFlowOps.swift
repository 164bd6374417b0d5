/// The ControlFlow family: operators that run subgraphs.
enum ControlFlowOps {
    static let table: [String: OperatorFactory] = [
        "If": { try If($0) },
        "Loop": { try Loop($0) },
        "Scan": { try Scan($0) },
    ]
}
