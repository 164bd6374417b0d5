/// The ai.onnx.preview.training family: the optimizers, which compute one update step.
enum TrainingOps {
    static let table: [String: OperatorFactory] = [
        "Adagrad": { try Adagrad($0) },
        "Adam": { try Adam($0) },
        "Momentum": { try Momentum($0) },
    ]
}
