import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The external data of one tensor, opened and checked (location inside the model's folder,
/// byte count equal to the shape's), read with pread(2) on demand.
///
/// Two users: decoding a whole tensor straight into its buffer, and serving single rows of
/// a large table (an embedding) without ever holding the table in memory, as onnxruntime
/// does by mapping external data in place. pread rather than a mapping: a data file that
/// shrinks under a running session makes a read fail with a message instead of SIGBUS.
/// Reads from several threads at once are safe (pread keeps no file position).
public final class ExternalTensorFile: @unchecked Sendable {
    /// The tensor's name, for messages.
    public let name: String
    /// The element type and the shape the tensor's proto declares.
    public let dataType: DataType
    public let shape: [Int]
    /// Bytes per element as stored (numeric types whose bytes are their in-memory form).
    public let elementBytes: Int
    let location: String
    let offset: Int
    private let fd: Int32

    /// Opens `p`'s external data. Throws (naming the tensor) for a proto without external
    /// data, an element type that needs decoding (bool, strings, 4- and 2-bit packings), a
    /// missing file, or a byte range that is past the file's end or disagrees with the shape.
    public init(proto p: Onnx_TensorProto, baseDirectory: URL?) throws {
        let name = p.name.isEmpty ? "<unnamed>" : p.name
        guard p.dataLocation == .external else { throw TensorError("tensor '\(name)': data is not external") }
        guard let dt = DataType(rawValue: p.dataType), let bytes = Self.storedBytes(dt) else {
            throw TensorError("tensor '\(name)': external data of type \(p.dataType) is not read in place")
        }
        let (shape, n) = try Tensor.checkedShape(p, name: name)
        let (url, offset, length, location) = try Tensor.externalRange(p, name: name, baseDirectory: baseDirectory)
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw TensorError("tensor '\(name)': external data file '\(url.path)' is missing") }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            close(fd)
            throw TensorError("tensor '\(name)': cannot read '\(url.path)'")
        }
        do {
            let len = try Tensor.externalLength(offset: offset, length: length, fileSize: Int(st.st_size),
                                                location: location, name: name)
            let need = n * bytes
            guard len == need else {
                throw TensorError("tensor '\(name)': external data has \(len) bytes, \(dt) x \(n) needs \(need)")
            }
        } catch {
            close(fd)
            throw error
        }
        self.name = name
        self.dataType = dt
        self.shape = shape
        self.elementBytes = bytes
        self.location = location
        self.offset = offset
        self.fd = fd
    }

    deinit { close(fd) }

    /// Bytes per element for the types stored as their in-memory form; nil for the others.
    public static func storedBytes(_ dt: DataType) -> Int? {
        switch dt {
        case .float, .int32, .uint32: return 4
        case .double, .int64, .uint64: return 8
        case .int16, .uint16, .float16, .bfloat16: return 2
        case .int8, .uint8, .float8e4m3fn, .float8e4m3fnuz, .float8e5m2, .float8e5m2fnuz, .float8e8m0: return 1
        default: return nil
        }
    }

    /// Reads `count` bytes starting `at` bytes into the tensor's data into `dst`. The range
    /// must lie inside the tensor (the caller computes it from the shape).
    public func read(at start: Int, count: Int, into dst: UnsafeMutableRawPointer) throws {
        var done = 0
        while done < count {
            let r = pread(fd, dst + done, count - done, off_t(offset + start + done))
            if r < 0 && errno == EINTR { continue }
            if r <= 0 {
                let why = r < 0 ? String(cString: strerror(errno)) : "unexpected end of file (the file shrank after loading)"
                throw TensorError("tensor '\(name)': reading \(location): \(why)")
            }
            done += r
        }
    }

    /// Reads `rows` rows of `rowElements` elements each, starting at row `firstRow`, `step`
    /// rows at a time into one scratch buffer, and hands each slice to `body` with its first
    /// row counted from `firstRow` (the last slice may be shorter): for packing a weight
    /// without holding all of it in memory.
    public func forEachRowSlice(firstRow: Int = 0, rows: Int, rowElements: Int, step: Int,
                                _ body: (_ first: Int, _ count: Int, _ slice: UnsafeMutableRawPointer) throws -> Void) throws {
        let rowBytes = rowElements * elementBytes, step = max(1, step)
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: max(1, min(step, rows) * rowBytes), alignment: 64)
        defer { scratch.deallocate() }
        var first = 0
        while first < rows {
            let count = min(step, rows - first)
            try read(at: (firstRow + first) * rowBytes, count: count * rowBytes, into: scratch)
            try body(first, count, scratch)
            first += count
        }
    }

    /// The whole tensor, read into a new buffer.
    public func readAll() throws -> TensorStorage {
        let n = Tensor.elementCount(shape)
        return try makeStorage(count: n) { try read(at: 0, count: n * elementBytes, into: $0) }
    }

    /// Storage for `count` elements of this tensor's type whose `count * elementBytes` bytes
    /// `fill` writes (all of them, or it throws).
    public func makeStorage(count: Int, _ fill: (UnsafeMutableRawPointer) throws -> Void) throws -> TensorStorage {
        func make<T>(_: T.Type) throws -> [T] {
            var failure: Error?
            let values = [T](unsafeUninitializedCapacity: count) { buf, initialized in
                initialized = 0
                guard let base = buf.baseAddress, count > 0 else { return }
                do { try fill(UnsafeMutableRawPointer(base)) } catch { failure = error; return }
                initialized = count
            }
            if let failure { throw failure }
            return values
        }
        switch dataType {
        case .float: return .float(try make(Float.self))
        case .double: return .double(try make(Double.self))
        case .int8: return .int8(try make(Int8.self))
        case .int16: return .int16(try make(Int16.self))
        case .int32: return .int32(try make(Int32.self))
        case .int64: return .int64(try make(Int64.self))
        case .uint8: return .uint8(try make(UInt8.self))
        case .uint16: return .uint16(try make(UInt16.self))
        case .uint32: return .uint32(try make(UInt32.self))
        case .uint64: return .uint64(try make(UInt64.self))
        case .float16, .bfloat16: return .bits16(try make(UInt16.self))
        default: return .bits8(try make(UInt8.self))  // the 8-bit float types (storedBytes)
        }
    }
}
