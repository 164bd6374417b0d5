import Foundation

/// An error reading or writing an array file (`.npy`, `.npz`, an ONNX test-data `.pb`).
///
/// `description` is one line that starts with the file it is about, e.g.
/// `inputs.npz: entry 'x.npy': CRC-32 mismatch (stored 1a2b3c4d, computed 0badf00d)`.
public struct ArrayFileError: Error, CustomStringConvertible, Sendable {
    /// The file (or, for data decoded from memory, the name the caller gave it).
    public let file: String
    /// What was wrong, without the file name.
    public let reason: String

    public init(file: String, _ reason: String) {
        self.file = file
        self.reason = reason
    }

    public var description: String { "\(file): \(reason)" }
}

/// Bounds-checked little-endian reads from `Data` (which may be a slice with a non-zero
/// start index). Every read returns nil instead of trapping when it would run past the end.
struct ByteReader {
    let data: Data

    init(_ data: Data) { self.data = data }

    var count: Int { data.count }

    /// The bytes `[offset, offset + length)` relative to the start, or nil if out of range.
    func bytes(_ offset: Int, _ length: Int) -> Data? {
        guard offset >= 0, length >= 0, offset <= data.count, length <= data.count - offset else { return nil }
        let start = data.startIndex + offset
        return data[start ..< start + length]
    }

    func u8(_ offset: Int) -> UInt8? {
        guard offset >= 0, offset < data.count else { return nil }
        return data[data.startIndex + offset]
    }

    func u16(_ offset: Int) -> UInt16? {
        guard let b0 = u8(offset), let b1 = u8(offset + 1) else { return nil }
        return UInt16(b0) | UInt16(b1) << 8
    }

    func u32(_ offset: Int) -> UInt32? {
        guard let lo = u16(offset), let hi = u16(offset + 2) else { return nil }
        return UInt32(lo) | UInt32(hi) << 16
    }

    func u64(_ offset: Int) -> UInt64? {
        guard let lo = u32(offset), let hi = u32(offset + 4) else { return nil }
        return UInt64(lo) | UInt64(hi) << 32
    }
}

/// Little-endian appends used by the writers.
extension Data {
    mutating func appendLE(_ v: UInt16) { append(UInt8(v & 0xFF)); append(UInt8(v >> 8)) }
    mutating func appendLE(_ v: UInt32) { appendLE(UInt16(v & 0xFFFF)); appendLE(UInt16(v >> 16)) }
    mutating func appendLE(_ v: UInt64) { appendLE(UInt32(v & 0xFFFF_FFFF)); appendLE(UInt32(v >> 32)) }
}

/// Reads a whole file for the array readers, with errors that name it.
enum ArrayFileReading {
    static func readFile(_ path: String) throws -> Data {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw ArrayFileError(file: path, "no such file")
        }
        guard !isDir.boolValue else { throw ArrayFileError(file: path, "is a directory, expected a file") }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw ArrayFileError(file: path, "cannot read (\(error.localizedDescription))")
        }
    }

    /// `AtomicWrite.write`, with its error re-thrown as an `ArrayFileError`.
    static func writeFile(_ data: Data, to path: String) throws {
        do { try AtomicWrite.write(data, to: path) } catch let e as ModelFileError {
            // ModelFileError's description already starts with the path.
            let prefix = "\(path): "
            let reason = e.description.hasPrefix(prefix) ? String(e.description.dropFirst(prefix.count)) : e.description
            throw ArrayFileError(file: path, reason)
        }
    }
}
