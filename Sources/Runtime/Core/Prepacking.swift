import OnnxFormat

/// An operator that prepares its constant inputs once when the session is built, e.g.
/// packs convolution weights into its GEMM kernel's layout, so runs skip that work.
/// `constants[i]` is input i when it is a constant of the graph, else nil; `types[i]` what
/// static inference knows of input i.
///
/// Returns the indices of the inputs the operator now serves from its packed form alone,
/// whatever arrives at run time: the session may then keep only their shapes (a placeholder
/// tensor without elements) when no other reader needs the values, so a weight is not held
/// twice. Called once, by the session that owns the operator, before any run.
protocol Prepacking {
    func prepack(constants: [Tensor?], types: [ValueType?]) -> Set<Int>
}

/// The identity of a tensor's element buffer: a prepacked form is used only while the
/// input that arrives at run time is the very buffer that was packed (constants live as
/// long as the session, so their buffers cannot be reused for anything else).
func bufferIdentity(_ t: Tensor) -> UnsafeRawPointer? {
    guard case .float(let a) = t.storage else { return nil }
    return a.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
}

/// An operator that can also pack a constant input straight from its external-data file
/// (`FilePackedWeights`), never holding the decoded elements.
protocol FilePrepacking: Prepacking {
    /// Packs input `index` from `file`; `types[i]` is what static inference knows of input
    /// i. Returns whether the operator now serves that input from its packed form alone;
    /// false when it declines (the session then decodes the input and calls
    /// `prepack(constants:types:)`). Throws when reading the file fails.
    func prepack(file: ExternalTensorFile, input index: Int, types: [ValueType?]) throws -> Bool
}
