import OnnxFormat

/// The element types NN and matrix ops compute in: float32 (also for float16 and
/// bfloat16 tensors, widened on the way in and rounded back on the way out) and float64.
protocol NNScalar: GemmScalar {
    /// The elements of any floating-point tensor (float, double, float16, bfloat16)
    /// converted to Self, or nil for other types. No copy when the type already matches.
    static func elements(of t: Tensor) -> [Self]?
    /// A tensor of element type `dataType` holding `values` (rounded to half precision
    /// when `dataType` is float16 or bfloat16).
    static func tensor(_ values: [Self], shape: [Int], as dataType: DataType) -> Tensor
}

extension Float: NNScalar {
    static func elements(of t: Tensor) -> [Float]? {
        switch t.storage {
        case .float(let a): return a
        case .bits16: return Cast.toFloat(t).floats
        case .double(let a): return a.map { Float($0) }
        default: return nil
        }
    }
    static func tensor(_ values: [Float], shape: [Int], as dataType: DataType) -> Tensor {
        let f = Tensor(uncheckedType: .float, shape: shape, storage: .float(values))
        switch dataType {
        case .float16, .bfloat16: return Cast.fromFloat(f, to: dataType)
        case .double: return Tensor(uncheckedType: .double, shape: shape, storage: .double(values.map { Double($0) }))
        default: return f
        }
    }
}

extension Double: NNScalar {
    static func elements(of t: Tensor) -> [Double]? {
        switch t.storage {
        case .double(let a): return a
        case .float(let a): return a.map { Double($0) }
        case .bits16: return Cast.toFloat(t).floats?.map { Double($0) }
        default: return nil
        }
    }
    static func tensor(_ values: [Double], shape: [Int], as dataType: DataType) -> Tensor {
        switch dataType {
        case .double: return Tensor(uncheckedType: .double, shape: shape, storage: .double(values))
        default: return Float.tensor(values.map { Float($0) }, shape: shape, as: dataType)
        }
    }
}

extension NodeInfo {
    /// Runs `body`, turning its errors into errors that name this node.
    func wrap<R>(_ body: () throws -> R) throws -> R {
        do { return try body() } catch let e as RuntimeError {
            if e.description.hasPrefix("node '") { throw e }
            throw RuntimeError.node(self, e.description)
        } catch {
            throw RuntimeError.node(self, "\(error)")
        }
    }

    /// The float-family elements of input `t` (named `what` in errors).
    func elements<T: NNScalar>(_ t: Tensor, _: T.Type, _ what: String) throws -> [T] {
        guard let v = T.elements(of: t) else {
            throw RuntimeError.node(self, "\(what) has element type \(t.dataType), expected a floating-point type")
        }
        return v
    }

    /// The `auto_pad` attribute (default NOTSET).
    func autoPad() throws -> AutoPad {
        let s = try string("auto_pad", default: "NOTSET")
        guard let a = AutoPad(rawValue: s.isEmpty ? "NOTSET" : s) else {
            throw RuntimeError.node(self, "attribute 'auto_pad' = '\(s)' is not NOTSET, SAME_UPPER, SAME_LOWER or VALID")
        }
        return a
    }

    /// Whether output `i` is requested by the graph.
    func wantsOutput(_ i: Int) -> Bool { i < outputNames.count && !outputNames[i].isEmpty }
}

/// The window attributes of Conv, ConvTranspose and the pooling ops, read by spec name
/// (kernel_shape, strides, dilations, pads, auto_pad, ceil_mode). Absent ones are nil and
/// take their spec defaults when the input's rank is known.
struct WindowAttributes: Sendable {
    /// The convolution `group` attribute (default 1), checked to be in 1...attributeLimit.
    static func group(_ node: NodeInfo) throws -> Int {
        let group = try node.int("group", default: 1)
        guard group >= 1, group <= WindowGeometry.attributeLimit else {
            throw RuntimeError.node(node, "attribute 'group' = \(group) must be in 1...\(WindowGeometry.attributeLimit)")
        }
        return group
    }


    var kernelShape: [Int]?
    var strides: [Int]?
    var dilations: [Int]?
    var pads: [Int]?
    var autoPad: AutoPad
    var ceilMode: Bool

    init(_ node: NodeInfo, ceilMode ceilAllowed: Bool = false, dilations dilationsAllowed: Bool = true) throws {
        kernelShape = try node.ints("kernel_shape")
        strides = try node.ints("strides")
        dilations = dilationsAllowed ? try node.ints("dilations") : nil
        pads = try node.ints("pads")
        autoPad = try node.autoPad()
        ceilMode = ceilAllowed ? try node.int("ceil_mode", default: 0) != 0 : false
        if let k = kernelShape, k.contains(where: { $0 < 1 }) {
            throw RuntimeError.node(node, "attribute 'kernel_shape' \(k) must be positive")
        }
    }

    /// Forward geometry (Conv, pools) for spatial input `input` and kernel `kernel`.
    func forward(_ node: NodeInfo, input: [Int], kernel: [Int]) throws -> WindowGeometry {
        try node.wrap {
            try WindowGeometry.forward(input: input, kernel: kernel, strides: strides, dilations: dilations,
                                       pads: pads, autoPad: autoPad, ceilMode: ceilMode)
        }
    }
}

/// Checks that `x` is [N, C, spatial...] with at least `minSpatial` spatial dimensions.
func checkNCHW(_ node: NodeInfo, _ x: Tensor, minSpatial: Int = 1, what: String = "X") throws {
    guard x.rank >= 2 + minSpatial else {
        throw RuntimeError.node(node, "\(what) must have shape [N, C, spatial...] with \(minSpatial)+ spatial dimensions, got \(x.shape)")
    }
}

/// Shared body of MaxPool, AveragePool and LpPool: checks X, builds the geometry from the
/// attributes, pools in float32 (float, float16, bfloat16, and int8/uint8 for MaxPool,
/// exact since those fit a float) or float64, and returns Y plus the Indices output when
/// `indices` (int64).
func runPool(_ node: NodeInfo, _ window: WindowAttributes, _ x: Tensor, kind: PoolKind,
             indices: Bool = false, storageOrder: Int = 0, allowInt8: Bool = false) throws -> [Tensor] {
    try checkNCHW(node, x)
    let spatial = Array(x.shape[2...])
    guard let kernel = window.kernelShape else { throw RuntimeError.node(node, "attribute 'kernel_shape' is required") }
    guard kernel.count == spatial.count else {
        throw RuntimeError.node(node, "attribute 'kernel_shape' \(kernel) does not match X's \(spatial.count) spatial dimensions")
    }
    let g = try window.forward(node, input: spatial, kernel: kernel)
    let planes = x.shape[0] * x.shape[1]
    let outShape = Array(x.shape[0..<2]) + g.output
    func finish<T: NNScalar>(_ r: ([T], [Int64]?), as dt: DataType) -> [Tensor] {
        var out = [T.tensor(r.0, shape: outShape, as: dt)]
        if let i = r.1 { out.append(Tensor(uncheckedType: .int64, shape: outShape, storage: .int64(i))) }
        return out
    }
    switch x.storage {
    case .float, .bits16:
        let xs = try node.elements(x, Float.self, "X")
        return finish(try node.wrap { try PoolKernel.pool(xs, planes: planes, geometry: g, kind: kind, indices: indices, storageOrder: storageOrder) }, as: x.dataType)
    case .double(let xs):
        return finish(try node.wrap { try PoolKernel.pool(xs, planes: planes, geometry: g, kind: kind, indices: indices, storageOrder: storageOrder) }, as: .double)
    case .int8(let a) where allowInt8:
        let r = try node.wrap { try PoolKernel.pool(a.map { Float($0) }, planes: planes, geometry: g, kind: kind, indices: indices, storageOrder: storageOrder) }
        var out = [Tensor(uncheckedType: .int8, shape: outShape, storage: .int8(r.0.map { Int8(max(-128, min(127, $0))) }))]
        if let i = r.1 { out.append(Tensor(uncheckedType: .int64, shape: outShape, storage: .int64(i))) }
        return out
    case .uint8(let a) where allowInt8:
        let r = try node.wrap { try PoolKernel.pool(a.map { Float($0) }, planes: planes, geometry: g, kind: kind, indices: indices, storageOrder: storageOrder) }
        var out = [Tensor(uncheckedType: .uint8, shape: outShape, storage: .uint8(r.0.map { UInt8(max(0, min(255, $0))) }))]
        if let i = r.1 { out.append(Tensor(uncheckedType: .int64, shape: outShape, storage: .int64(i))) }
        return out
    default:
        throw RuntimeError.node(node, "element type \(x.dataType) is not supported")
    }
}

/// Shared body of GlobalAveragePool, GlobalMaxPool and GlobalLpPool: Y [N, C, 1, ...].
func runGlobalPool(_ node: NodeInfo, _ x: Tensor, kind: PoolKind) throws -> [Tensor] {
    try checkNCHW(node, x, minSpatial: 0)
    let planes = x.shape[0] * x.shape[1]
    let planeSize = Tensor.elementCount(Array(x.shape[2...]))
    let outShape = Array(x.shape[0..<2]) + [Int](repeating: 1, count: x.rank - 2)
    switch x.storage {
    case .float, .bits16:
        let xs = try node.elements(x, Float.self, "X")
        return [Float.tensor(PoolKernel.global(xs, planes: planes, planeSize: planeSize, kind: kind), shape: outShape, as: x.dataType)]
    case .double(let xs):
        return [Double.tensor(PoolKernel.global(xs, planes: planes, planeSize: planeSize, kind: kind), shape: outShape, as: .double)]
    default:
        throw RuntimeError.node(node, "element type \(x.dataType) is not supported")
    }
}

// MARK: type and shape inference

extension WindowAttributes {
    /// Output spatial dimensions of a window op for input dimensions that may be symbolic:
    /// exact where the input's are fixed; elsewhere the input's own dimension when the
    /// window maps every size to itself (stride 1 with SAME or matching pads), else
    /// unknown. Found by running the geometry with two large stand-ins for the unknown
    /// sizes; the per-dimension formulas do not mix dimensions.
    func inferOutput(_ node: NodeInfo, input: [ValueType.Dim],
                     geometry: ([Int]) throws -> WindowGeometry) throws -> [ValueType.Dim] {
        let p = 1 << 36, q = (1 << 36) + 7919
        let a = try node.wrap { try geometry(input.map { $0.value ?? p }) }.output
        if input.allSatisfy({ $0.value != nil }) { return a.map { .fixed($0) } }
        let b = try node.wrap { try geometry(input.map { $0.value ?? q }) }.output
        return input.indices.map { i in
            if input[i].value != nil { return .fixed(a[i]) }
            return a[i] == p && b[i] == q ? input[i] : .unknown
        }
    }

    /// Conv and pooling output spatial dimensions.
    func inferForward(_ node: NodeInfo, input: [ValueType.Dim], kernel: [Int]) throws -> [ValueType.Dim] {
        try inferOutput(node, input: input) { sizes in
            try WindowGeometry.forward(input: sizes, kernel: kernel, strides: strides, dilations: dilations,
                                       pads: pads, autoPad: autoPad, ceilMode: ceilMode)
        }
    }
}

/// The shape of X [N, C, spatial...], or an error like `checkNCHW`'s.
func inferNCHW(_ node: NodeInfo, _ x: ValueType?, minSpatial: Int = 1, what: String = "X") throws -> [ValueType.Dim]? {
    guard let s = x?.shape else { return nil }
    guard s.count >= 2 + minSpatial else {
        throw RuntimeError.node(node, "\(what) must have shape [N, C, spatial...] with \(minSpatial)+ spatial dimensions, got \(ShapeInference.describe(s))")
    }
    return s
}

/// Output types of MaxPool, AveragePool and LpPool: Y [N, C, pooled...] (and MaxPool's
/// int64 Indices of the same shape).
func inferPool(_ node: NodeInfo, _ window: WindowAttributes, _ inputs: [ValueType?]) throws -> [ValueType?] {
    let x: ValueType? = inputs.at(0)
    guard let s = try inferNCHW(node, x) else { return [ValueType(x?.dataType, nil), ValueType(.int64, nil)] }
    guard let kernel = window.kernelShape else { throw RuntimeError.node(node, "attribute 'kernel_shape' is required") }
    guard kernel.count == s.count - 2 else {
        throw RuntimeError.node(node, "attribute 'kernel_shape' \(kernel) does not match X's \(s.count - 2) spatial dimensions")
    }
    let out = Array(s[0..<2]) + (try window.inferForward(node, input: Array(s[2...]), kernel: kernel))
    return [ValueType(x?.dataType, out), ValueType(.int64, out)]
}

/// Output type of the global pools: Y [N, C, 1, ...].
func inferGlobalPool(_ node: NodeInfo, _ inputs: [ValueType?]) throws -> [ValueType?] {
    let x: ValueType? = inputs.at(0)
    guard let s = try inferNCHW(node, x, minSpatial: 0) else { return [ValueType(x?.dataType, nil)] }
    return [ValueType(x?.dataType, Array(s[0..<2]) + [ValueType.Dim](repeating: .fixed(1), count: s.count - 2))]
}
