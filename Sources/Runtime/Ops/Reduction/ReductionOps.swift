/// The Reduction family: Reduce*, ArgMax/ArgMin.
enum ReductionOps {
    static let table: [String: OperatorFactory] = [
        "ReduceSum": { try ReduceSum($0) },
        "ReduceMean": { try ReduceMean($0) },
        "ReduceMax": { try ReduceMax($0) },
        "ReduceMin": { try ReduceMin($0) },
        "ReduceProd": { try ReduceProd($0) },
        "ReduceL1": { try ReduceL1($0) },
        "ReduceL2": { try ReduceL2($0) },
        "ReduceSumSquare": { try ReduceSumSquare($0) },
        "ReduceLogSum": { try ReduceLogSum($0) },
        "ReduceLogSumExp": { try ReduceLogSumExp($0) },
        "ArgMax": { try ArgMax($0) },
        "ArgMin": { try ArgMin($0) },
    ]
}
