import Foundation

/// Reading and writing NumPy `.npz` files: zip archives of `NAME.npy` entries, as made by
/// `np.savez` (stored) and `np.savez_compressed` (deflated).
///
/// Arrays keep the archive's entry order; names are the entry names without `.npy`.
/// Reading checks every entry's CRC-32 and accepts ZIP64 sizes (NumPy always writes ZIP64
/// local headers). Writing produces stored (uncompressed) entries that `np.load` reads;
/// archives over 4 GiB are refused. Every malformed input throws an ``ArrayFileError``
/// naming the file, and the entry where it applies.
public enum Npz {
    /// Reads the `.npz` file at `path`.
    public static func read(path: String) throws -> [(name: String, tensor: Tensor)] {
        try decode(try ArrayFileReading.readFile(path), name: path)
    }

    /// Decodes the bytes of a `.npz` file; `name` is the file named in error messages.
    public static func decode(_ data: Data, name: String) throws -> [(name: String, tensor: Tensor)] {
        func fail(_ reason: String) -> ArrayFileError { ArrayFileError(file: name, reason) }
        var result: [(name: String, tensor: Tensor)] = []
        var seen = Set<String>()
        for entry in try Zip.entries(data, fail: fail) {
            if entry.name.hasSuffix("/") && entry.uncompressedSize == 0 { continue }  // a folder
            guard entry.name.hasSuffix(".npy") else {
                throw fail("entry '\(entry.name)' is not an .npy array")
            }
            let arrayName = String(entry.name.dropLast(4))
            guard seen.insert(arrayName).inserted else { throw fail("entry '\(entry.name)' appears twice") }
            let bytes = try Zip.extract(entry, from: data, fail: fail)
            do {
                result.append((arrayName, try Npy.decode(bytes, name: entry.name)))
            } catch let e as ArrayFileError {
                throw fail("entry '\(entry.name)': \(e.reason)")
            }
        }
        return result
    }

    /// The names of the arrays in the `.npz` file at `path`, in order, without reading them.
    public static func names(path: String) throws -> [String] {
        let data = try ArrayFileReading.readFile(path)
        return try Zip.entries(data) { ArrayFileError(file: path, $0) }
            .filter { $0.name.hasSuffix(".npy") }
            .map { String($0.name.dropLast(4)) }
    }

    /// Encodes arrays as the bytes of an uncompressed `.npz` file, in the given order.
    /// Names must be non-empty and unique; each becomes the entry `NAME.npy`.
    public static func encode(_ arrays: [(name: String, tensor: Tensor)]) throws -> Data {
        try encode(arrays, file: "<npz>")
    }

    /// Writes arrays to `path` as an uncompressed `.npz` file, through a temporary file and
    /// a rename.
    public static func write(_ arrays: [(name: String, tensor: Tensor)], to path: String) throws {
        try ArrayFileReading.writeFile(try encode(arrays, file: path), to: path)
    }

    static func encode(_ arrays: [(name: String, tensor: Tensor)], file: String) throws -> Data {
        func fail(_ reason: String) -> ArrayFileError { ArrayFileError(file: file, reason) }
        var seen = Set<String>()
        var entries: [(name: String, data: Data)] = []
        for (name, tensor) in arrays {
            guard !name.isEmpty, !name.contains("\0") else { throw fail("array name '\(name)' is not allowed") }
            guard seen.insert(name).inserted else { throw fail("array name '\(name)' appears twice") }
            do {
                entries.append(("\(name).npy", try Npy.encode(tensor, name: "\(name).npy")))
            } catch let e as ArrayFileError {
                throw fail("array '\(name)': \(e.reason)")
            }
        }
        return try Zip.archive(entries, fail: fail)
    }
}
