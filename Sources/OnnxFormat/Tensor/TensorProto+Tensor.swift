import Foundation
import SwiftProtobuf
#if canImport(Glibc)
import Glibc
#endif

extension Tensor {
    /// Decodes an ONNX `TensorProto`, reading `raw_data`, the typed `*_data` fields or, for
    /// external data, the file named by `location` relative to `baseDirectory`.
    ///
    /// Every length is checked against the declared shape: a malformed tensor is an error
    /// naming the tensor, never a trap.
    public init(proto p: Onnx_TensorProto, baseDirectory: URL? = nil) throws {
        let name = p.name.isEmpty ? "<unnamed>" : p.name
        guard let dt = DataType(rawValue: p.dataType) else {
            throw TensorError("tensor '\(name)': unknown data type \(p.dataType)")
        }
        let (shape, n) = try Tensor.checkedShape(p, name: name)

        var raw: Data? = p.hasRawData ? p.rawData : nil
        if p.dataLocation == .external, dt != .string {
            // Element types whose bytes are their in-memory form are read straight into the
            // tensor's buffer (one copy, nothing else resident); the others are decoded
            // from a read-only mapping of the data file.
            let storage = try Tensor.readExternalInPlace(p, dt, baseDirectory: baseDirectory)
                ?? Tensor.withExternal(p, name: name, baseDirectory: baseDirectory) { bytes in
                    try Tensor.decodeRaw(bytes, dt, n, name: name)
                }
            self.init(uncheckedType: dt, shape: shape, storage: storage)
            return
        }
        if p.dataLocation == .external {
            raw = try Tensor.readExternal(p, name: name, baseDirectory: baseDirectory)
        }
        let storage: TensorStorage
        if dt == .string {
            let strings = p.stringData.map { String(decoding: $0, as: UTF8.self) }
            guard strings.count == n else { throw TensorError("tensor '\(name)': \(strings.count) strings for shape \(shape)") }
            storage = .string(strings)
        } else if let raw {
            storage = try Tensor.decodeRaw(raw, dt, n, name: name)
        } else {
            storage = try Tensor.decodeTyped(p, dt, n, name: name)
        }
        self.init(uncheckedType: dt, shape: shape, storage: storage)
    }

    /// The proto's shape and element count, checked: no negative or huge dimension, fewer
    /// than 2^40 elements.
    public static func checkedShape(_ p: Onnx_TensorProto, name: String) throws -> (shape: [Int], count: Int) {
        guard p.dims.allSatisfy({ $0 >= 0 && $0 < Int64(Int32.max) }) else {
            throw TensorError("tensor '\(name)': invalid dims \(p.dims)")
        }
        let shape = p.dims.map { Int($0) }
        let n = Tensor.elementCount(shape)
        guard n < (1 << 40) else { throw TensorError("tensor '\(name)': too many elements (\(shape))") }
        return (shape, n)
    }

    /// External data of a numeric tensor read with pread(2) into its buffer, or nil for the
    /// element types whose bytes need decoding (bool, 4- and 2-bit packings). Decoding
    /// from a mapping of the file instead kept the tensor's file pages resident beside its
    /// copy until the mapping was gone: EfficientNet-style classifiers (a 4 MB weight)
    /// peaked 4 MB higher at load, and BERT's 94 MB embedding table 94 MB higher.
    static func readExternalInPlace(_ p: Onnx_TensorProto, _ dt: DataType, baseDirectory: URL?) throws -> TensorStorage? {
        guard ExternalTensorFile.storedBytes(dt) != nil else { return nil }
        return try ExternalTensorFile(proto: p, baseDirectory: baseDirectory).readAll()
    }

    /// Calls `body` with the tensor's external bytes, a view into a read-only mapping of the
    /// data file that is valid during the call only.
    static func withExternal<R>(_ p: Onnx_TensorProto, name: String, baseDirectory: URL?,
                                _ body: (Data) throws -> R) throws -> R {
        let (url, offset, length, location) = try externalRange(p, name: name, baseDirectory: baseDirectory)
        let mapped: Data
        do { mapped = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw TensorError("tensor '\(name)': external data file '\(url.path)' is missing")
        }
        let len = try externalLength(offset: offset, length: length, fileSize: mapped.count, location: location, name: name)
        return try mapped.withUnsafeBytes { all in
            guard let base = all.baseAddress, len > 0 else { return try body(Data()) }
            return try body(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base + offset), count: len, deallocator: .none))
        }
    }

    /// The byte count of external data at `offset` (its `length`, or the rest of the file),
    /// checked to lie inside a file of `fileSize` bytes.
    static func externalLength(offset: Int, length: Int?, fileSize: Int, location: String, name: String) throws -> Int {
        let len = length ?? (fileSize - offset)
        guard len >= 0, offset <= fileSize, len <= fileSize - offset else {
            throw TensorError("tensor '\(name)': external data \(location) [\(offset), +\(len)) is past the end of the file (\(fileSize) bytes)")
        }
        return len
    }

    /// The file, offset, optional length and location string of external data, checked:
    /// the location must stay inside the model's folder.
    static func externalRange(_ p: Onnx_TensorProto, name: String, baseDirectory: URL?) throws
        -> (url: URL, offset: Int, length: Int?, location: String) {
        var location = "", offset = 0, length: Int?
        for e in p.externalData {
            switch e.key {
            case "location": location = e.value
            case "offset": offset = Int(e.value) ?? -1
            case "length": length = Int(e.value)
            default: break
            }
        }
        guard !location.isEmpty, offset >= 0 else {
            throw TensorError("tensor '\(name)': external data without a valid location/offset")
        }
        // The location must stay inside the model's folder: a model must not make us read
        // arbitrary files such as /etc/passwd.
        guard !location.hasPrefix("/"), !location.split(separator: "/").contains("..") else {
            throw TensorError("tensor '\(name)': external data location '\(location)' leaves the model's folder")
        }
        let base = baseDirectory ?? URL(fileURLWithPath: ".")
        return (base.appendingPathComponent(location), offset, length, location)
    }

    static func readExternal(_ p: Onnx_TensorProto, name: String, baseDirectory: URL?) throws -> Data {
        let (url, offset, length, location) = try externalRange(p, name: name, baseDirectory: baseDirectory)
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw TensorError("tensor '\(name)': external data file '\(url.path)' is missing")
        }
        defer { try? handle.close() }
        let fileSize = (try? handle.seekToEnd()).map(Int.init) ?? 0
        let len = try externalLength(offset: offset, length: length, fileSize: fileSize, location: location, name: name)
        try handle.seek(toOffset: UInt64(offset))
        let d = try handle.read(upToCount: len) ?? Data()
        guard d.count == len else { throw TensorError("tensor '\(name)': short read from \(location)") }
        return d
    }

    /// Decodes little-endian raw bytes into typed storage.
    public static func decodeRaw(_ raw: Data, _ dt: DataType, _ n: Int, name: String) throws -> TensorStorage {
        func load<T>(_: T.Type) throws -> [T] {
            let need = n * MemoryLayout<T>.stride
            guard raw.count == need else {
                throw TensorError("tensor '\(name)': raw_data has \(raw.count) bytes, \(dt) x \(n) needs \(need)")
            }
            return [T](unsafeUninitializedCapacity: n) { buf, count in
                raw.withUnsafeBytes { src in
                    guard let dst = buf.baseAddress, let from = src.baseAddress else { return }
                    memcpy(UnsafeMutableRawPointer(dst), from, need)
                    count = n
                }
            }
        }
        switch dt {
        case .float: return .float(n == 0 ? [] : try load(Float.self))
        case .double: return .double(n == 0 ? [] : try load(Double.self))
        case .int8: return .int8(n == 0 ? [] : try load(Int8.self))
        case .int16: return .int16(n == 0 ? [] : try load(Int16.self))
        case .int32: return .int32(n == 0 ? [] : try load(Int32.self))
        case .int64: return .int64(n == 0 ? [] : try load(Int64.self))
        case .uint8: return .uint8(n == 0 ? [] : try load(UInt8.self))
        case .uint16: return .uint16(n == 0 ? [] : try load(UInt16.self))
        case .uint32: return .uint32(n == 0 ? [] : try load(UInt32.self))
        case .uint64: return .uint64(n == 0 ? [] : try load(UInt64.self))
        case .bool:
            let b: [UInt8] = n == 0 ? [] : try load(UInt8.self)
            return .bool(b.map { $0 != 0 })
        case .float16, .bfloat16: return .bits16(n == 0 ? [] : try load(UInt16.self))
        case .float8e4m3fn, .float8e4m3fnuz, .float8e5m2, .float8e5m2fnuz, .float8e8m0:
            return .bits8(n == 0 ? [] : try load(UInt8.self))
        case .uint4, .int4, .float4e2m1, .uint2, .int2:
            // 2 (4-bit) or 4 (2-bit) elements per byte, low bits first.
            let per = dt.packing ?? 2
            guard raw.count == (n + per - 1) / per else {
                throw TensorError("tensor '\(name)': raw_data has \(raw.count) bytes, \(dt) x \(n) needs \((n + per - 1) / per)")
            }
            return .bits8(unpack([UInt8](raw), n, per))
        case .complex64, .complex128, .string:
            throw TensorError("tensor '\(name)': \(dt) tensors are not supported")
        }
    }

    /// `n` elements of `8 / per` bits each from packed bytes, low bits first.
    static func unpack(_ bytes: [UInt8], _ n: Int, _ per: Int) -> [UInt8] {
        let bits = 8 / per, mask = UInt8((1 << bits) - 1)
        return (0..<n).map { i in (bytes[i / per] >> UInt8((i % per) * bits)) & mask }
    }

    static func decodeTyped(_ p: Onnx_TensorProto, _ dt: DataType, _ n: Int, name: String) throws -> TensorStorage {
        func check(_ c: Int, _ field: String) throws {
            guard c == n else { throw TensorError("tensor '\(name)': \(field) has \(c) values, shape \(p.dims) needs \(n)") }
        }
        switch dt {
        case .float: try check(p.floatData.count, "float_data"); return .float(p.floatData)
        case .double: try check(p.doubleData.count, "double_data"); return .double(p.doubleData)
        case .int64: try check(p.int64Data.count, "int64_data"); return .int64(p.int64Data)
        case .uint32, .uint64:
            try check(p.uint64Data.count, "uint64_data")
            return dt == .uint32 ? .uint32(p.uint64Data.map { UInt32(truncatingIfNeeded: $0) }) : .uint64(p.uint64Data)
        case .int32: try check(p.int32Data.count, "int32_data"); return .int32(p.int32Data)
        case .int8: try check(p.int32Data.count, "int32_data"); return .int8(p.int32Data.map { Int8(truncatingIfNeeded: $0) })
        case .int16: try check(p.int32Data.count, "int32_data"); return .int16(p.int32Data.map { Int16(truncatingIfNeeded: $0) })
        case .uint8: try check(p.int32Data.count, "int32_data"); return .uint8(p.int32Data.map { UInt8(truncatingIfNeeded: $0) })
        case .uint16: try check(p.int32Data.count, "int32_data"); return .uint16(p.int32Data.map { UInt16(truncatingIfNeeded: $0) })
        case .bool: try check(p.int32Data.count, "int32_data"); return .bool(p.int32Data.map { $0 != 0 })
        case .float16, .bfloat16:
            try check(p.int32Data.count, "int32_data"); return .bits16(p.int32Data.map { UInt16(truncatingIfNeeded: $0) })
        case .float8e4m3fn, .float8e4m3fnuz, .float8e5m2, .float8e5m2fnuz, .float8e8m0:
            try check(p.int32Data.count, "int32_data"); return .bits8(p.int32Data.map { UInt8(truncatingIfNeeded: $0) })
        case .uint4, .int4, .float4e2m1, .uint2, .int2:
            // One packed byte per int32 entry: 2 (4-bit) or 4 (2-bit) elements, low bits first.
            let per = dt.packing ?? 2
            guard p.int32Data.count == (n + per - 1) / per else {
                throw TensorError("tensor '\(name)': int32_data has \(p.int32Data.count) values, \(dt) x \(n) needs \((n + per - 1) / per)")
            }
            return .bits8(unpack(p.int32Data.map { UInt8(truncatingIfNeeded: $0) }, n, per))
        case .complex64, .complex128, .string:
            throw TensorError("tensor '\(name)': \(dt) tensors are not supported")
        }
    }

    /// Encodes this tensor as a `TensorProto` with `raw_data` (strings use `string_data`).
    public func toProto(name: String = "") -> Onnx_TensorProto {
        var p = Onnx_TensorProto()
        p.name = name
        p.dataType = dataType.rawValue
        p.dims = shape.map { Int64($0) }
        func raw<T>(_ a: [T]) -> Data { a.withUnsafeBytes { Data($0) } }
        switch storage {
        case .float(let a): p.rawData = raw(a)
        case .double(let a): p.rawData = raw(a)
        case .int8(let a): p.rawData = raw(a)
        case .int16(let a): p.rawData = raw(a)
        case .int32(let a): p.rawData = raw(a)
        case .int64(let a): p.rawData = raw(a)
        case .uint8(let a): p.rawData = raw(a)
        case .uint16(let a): p.rawData = raw(a)
        case .uint32(let a): p.rawData = raw(a)
        case .uint64(let a): p.rawData = raw(a)
        case .bool(let a): p.rawData = raw(a.map { $0 ? UInt8(1) : 0 })
        case .string(let a): p.stringData = a.map { Data($0.utf8) }
        case .bits16(let a): p.rawData = raw(a)
        case .bits8(let a):
            if let per = dataType.packing {
                let bits = 8 / per, mask = UInt8((1 << bits) - 1)
                var packed = [UInt8](repeating: 0, count: (a.count + per - 1) / per)
                for (i, v) in a.enumerated() { packed[i / per] |= (v & mask) << UInt8((i % per) * bits) }
                p.rawData = Data(packed)
            } else {
                p.rawData = raw(a)
            }
        }
        return p
    }
}
