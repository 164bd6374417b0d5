import Foundation

/// How an `InferenceSession` is built from a model.
public struct SessionOptions: Sendable {
    /// Run the graph optimiser (`GraphOptimizer`) on the model's main graph before loading
    /// it. Default: on, unless the environment sets `PARITY_OPTIMIZE=0`.
    public var optimize: Bool

    public init(optimize: Bool = SessionOptions.optimizeByDefault) {
        self.optimize = optimize
    }

    /// False when the environment variable `PARITY_OPTIMIZE` is `0` (or `false`/`off`).
    public static var optimizeByDefault: Bool {
        guard let v = ProcessInfo.processInfo.environment["PARITY_OPTIMIZE"]?.lowercased() else { return true }
        return !["0", "false", "off", "no"].contains(v)
    }
}
