/// Float views of generic element buffers, for the float32 paths that call the C kernels
/// from code generic over the element type (callers check that T is Float first).
enum FloatBuffers {
    /// `body` with the elements of `a` seen as Float (nil base address when `a` is empty).
    static func with<T, R>(_ a: [T], _ body: (UnsafePointer<Float>?) throws -> R) rethrows -> R {
        try a.withUnsafeBufferPointer { try body($0.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: Float.self) }) }
    }

    /// `with` for an optional array (a bias, a scale): nil when there is none.
    static func with<T, R>(optional a: [T]?, _ body: (UnsafePointer<Float>?) throws -> R) rethrows -> R {
        guard let a else { return try body(nil) }
        return try with(a, body)
    }

    /// A buffer being initialised (`Array(unsafeUninitializedCapacity:)`) seen as Float.
    static func mutable<T>(_ b: UnsafeMutableBufferPointer<T>) -> UnsafeMutablePointer<Float>? {
        b.baseAddress.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: Float.self) }
    }
}
