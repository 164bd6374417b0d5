import CKernels
import OnnxFormat

/// An activation applied in place to a freshly computed output buffer: the epilogue of
/// fused convolution and GEMM (com.microsoft FusedConv / FusedGemm).
///
/// The set and the parameters are onnxruntime's (MLAS activations): each case computes
/// exactly what the ai.onnx operator of the same name computes in this runtime, so a fused
/// node agrees with the unfused pair. `apply(to:)` works on any contiguous range, so a
/// kernel can call it per tile while the tile is still in cache.
public enum FusedActivation: Sendable, Equatable {
    case identity
    case relu
    case leakyRelu(alpha: Float)
    case clip(min: Float, max: Float)
    case sigmoid
    case hardSigmoid(alpha: Float, beta: Float)
    case tanh
    /// Runtime-only (onnxruntime's FusedConv has neither): fused by sessions, never
    /// written to a file by `parity optimize`.
    case hardSwish
    case silu

    /// The onnxruntime spelling of the activation (`activation` attribute); nil for identity,
    /// which FusedConv expresses by omitting the attribute.
    public var name: String? {
        switch self {
        case .identity: return nil
        case .relu: return "Relu"
        case .leakyRelu: return "LeakyRelu"
        case .clip: return "Clip"
        case .sigmoid: return "Sigmoid"
        case .hardSigmoid: return "HardSigmoid"
        case .tanh: return "Tanh"
        case .hardSwish: return "HardSwish"
        case .silu: return "Silu"
        }
    }

    /// FusedConv's `activation_params`, in onnxruntime's order.
    public var parameters: [Float] {
        switch self {
        case .leakyRelu(let a): return [a]
        case .clip(let lo, let hi): return [lo, hi]
        case .hardSigmoid(let a, let b): return [a, b]
        default: return []
        }
    }

    /// The activation named `name` with `params` (FusedConv's encoding); nil name is
    /// identity. Throws a one-line message for an unknown name or a wrong parameter count.
    public init(name: String?, parameters p: [Float]) throws {
        func need(_ n: Int) throws {
            guard p.count == n else {
                throw RuntimeError("activation '\(name ?? "")' takes \(n) activation_params, got \(p.count)")
            }
        }
        switch name {
        case nil, "", "Identity": self = .identity
        case "Relu": self = .relu
        case "Sigmoid": self = .sigmoid
        case "Tanh": self = .tanh
        case "HardSwish": self = .hardSwish
        case "Silu": self = .silu
        case "LeakyRelu": try need(1); self = .leakyRelu(alpha: p[0])
        case "Clip": try need(2); self = .clip(min: p[0], max: p[1])
        case "HardSigmoid": try need(2); self = .hardSigmoid(alpha: p[0], beta: p[1])
        case let other?:
            throw RuntimeError("unsupported fused activation '\(other)' (Relu, LeakyRelu, Clip, Sigmoid, HardSigmoid, Tanh, HardSwish, Silu)")
        }
    }

    /// The activation as a clamp min(hi, max(lo, v)) that GEMM epilogues apply while
    /// storing a tile (a NaN v stays NaN, as the float32 Relu kernel leaves it): Relu, and
    /// Clip with ordered non-NaN bounds. Nil for the others.
    var clampBounds: (lo: Float, hi: Float)? {
        switch self {
        case .relu: return (0, .infinity)
        case .clip(let lo, let hi) where !lo.isNaN && !hi.isNaN && lo <= hi: return (lo, hi)
        default: return nil
        }
    }

    /// Applies the activation to every element of `buffer`, in place.
    public func apply(to buffer: UnsafeMutableBufferPointer<Float>) { Self.runFloat(self, buffer) }

    /// float32 on the C kernels the ai.onnx ops use for float32 (FastElementwise), so fused
    /// and unfused results stay bit-identical; Tanh keeps the scalar formula.
    static func runFloat(_ act: FusedActivation, _ y: UnsafeMutableBufferPointer<Float>) {
        guard let p = y.baseAddress else { return }
        let n = y.count
        switch act {
        case .identity: return
        case .relu: pk_unary_f32(Int32(PK_RELU), p, p, n, 0, 0)
        case .leakyRelu(let a): pk_unary_f32(Int32(PK_LEAKYRELU), p, p, n, a, 0)
        case .sigmoid: pk_unary_f32(Int32(PK_SIGMOID), p, p, n, 0, 0)
        case .hardSigmoid(let a, let b): pk_unary_f32(Int32(PK_HARDSIGMOID), p, p, n, a, b)
        case .clip(let lo, let hi):
            // Clip's NaN bounds and lo > hi semantics live in Clip.clip: keep that path.
            for i in y.indices { y[i] = Clip.clip(y[i], lo, hi) }
        case .tanh:
            for i in y.indices { y[i] = Tanh.f(y[i]) }
        case .hardSwish: pk_unary_f32(Int32(PK_HARDSWISH), p, p, n, 0, 0)
        case .silu: pk_unary_f32(Int32(PK_SILU), p, p, n, 0, 0)
        }
    }

    /// float32 residual add on the C kernel.
    static func addFloat(_ z: UnsafeBufferPointer<Float>, into y: UnsafeMutableBufferPointer<Float>) {
        guard let zp = z.baseAddress, let yp = y.baseAddress else { return }
        pk_binary_f32(Int32(PK_ADD), yp, 1, zp, 1, yp, min(y.count, z.count))
    }
    /// Applies the activation to every element of `buffer`, in place.
    public func apply(to buffer: UnsafeMutableBufferPointer<Double>) { Self.run(self, buffer) }

    /// One generic loop per activation, calling the ai.onnx ops' own scalar functions
    /// (Ops/Activation, Ops/Math/Clip) so fused and unfused results are bit-identical.
    static func run<T: Real>(_ act: FusedActivation, _ y: UnsafeMutableBufferPointer<T>) {
        if T.self == Float.self {
            return runFloat(act, UnsafeMutableRawBufferPointer(y).bindMemory(to: Float.self))
        }
        switch act {
        case .identity:
            return
        case .relu:
            for i in y.indices { let v = y[i]; y[i] = v > 0 ? v : 0 }
        case .leakyRelu(let a):
            let alpha = T(a)
            for i in y.indices { y[i] = LeakyRelu.f(y[i], alpha) }
        case .clip(let lo, let hi):
            let l = T(lo), h = T(hi)
            for i in y.indices { y[i] = Clip.clip(y[i], l, h) }
        case .sigmoid:
            for i in y.indices { y[i] = Sigmoid.f(y[i]) }
        case .hardSigmoid(let a, let b):
            let alpha = T(a), beta = T(b)
            for i in y.indices { y[i] = HardSigmoid.f(y[i], alpha, beta) }
        case .tanh:
            for i in y.indices { y[i] = Tanh.f(y[i]) }
        case .hardSwish:
            for i in y.indices { y[i] = HardSwish.f(y[i]) }
        case .silu:
            for i in y.indices { let v = y[i]; y[i] = v * Sigmoid.f(v) }
        }
    }

    /// Adds `z` elementwise into `y` (FusedConv's Z: a residual summed before the
    /// activation). The counts must match; the op checks the shapes.
    static func add<T: BinaryFloatingPoint>(_ z: UnsafeBufferPointer<T>, into y: UnsafeMutableBufferPointer<T>) {
        if T.self == Float.self {
            return addFloat(UnsafeRawBufferPointer(z).bindMemory(to: Float.self),
                            into: UnsafeMutableRawBufferPointer(y).bindMemory(to: Float.self))
        }
        for i in 0..<min(y.count, z.count) { y[i] += z[i] }
    }
}
