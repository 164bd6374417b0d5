/// When two outputs agree: elementwise `|actual - expected| <= atol + rtol * |expected|`
/// (numpy.allclose's rule), with NaN matching NaN and infinities matching exactly.
///
/// Float32 defaults: atol 1e-4, rtol 1e-3. They suit logits of healthy scale (standard
/// deviation 0.1 to 10), which is why Parity refuses degenerate references by default.
public struct Tolerance: Codable, Sendable, Equatable {
    public var atol: Double
    public var rtol: Double
    public init(atol: Double = 1e-4, rtol: Double = 1e-3) {
        self.atol = atol
        self.rtol = rtol
    }
    public static let float32Default = Tolerance()
}
