import OnnxFormat

/// What a frontend hands to the parity check: the exported ONNX file and the framework's
/// own outputs on seeded inputs, one case per batch size.
public struct FrameworkExport: Sendable {
    /// One set of inputs and the framework's outputs for them.
    public struct Case: Sendable {
        public let batch: Int
        /// Inputs by ONNX graph input name, in graph order.
        public let inputs: [(name: String, tensor: Tensor)]
        /// Reference outputs by ONNX graph output name, in graph order.
        public let outputs: [(name: String, tensor: Tensor)]
        /// Rows (along axis 0) whose decision path in some tree differs between the
        /// framework and the exported model because the export rounds split thresholds
        /// (or inputs) to float32: their outputs may legitimately differ.
        public var thresholdRows: [Int] = []
    }

    public let modelName: String
    /// Where the model came from: "torchvision", "torchscript", "exported-program", ...
    public let source: String
    /// Framework and version, e.g. "torch 2.15.0+cu132".
    public let framework: String
    public let exporter: String
    public let opset: Int
    public let onnxPath: String
    public let inputShape: [Int]
    public let parameterCount: Int
    /// What Parity changed to make the reference meaningful (healthy initialisation, ...).
    public let notes: [String]
    public let cases: [Case]
    public let exportSeconds: Double
    public let referenceSeconds: Double
    /// Classifier outputs: predicted-label output name -> the score/probability output whose
    /// argmax it is. A label that differs where the reference's two best scores nearly tie
    /// is reported as a near tie, not a failure.
    public var labelScores: [String: String] = [:]
    /// Outputs that are sequences of maps (ZipMap): the expected keys, in column order of
    /// the reference matrix.
    public var outputKeys: [String: [String]] = [:]
}

/// An error in what the user asked a frontend for (unknown model, bad file): exit code 2.
public struct FrontendError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
