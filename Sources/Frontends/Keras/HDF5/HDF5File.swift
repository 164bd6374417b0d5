import CHDF5
import Foundation

/// An error reading an HDF5 file: the file is missing, not HDF5, truncated or corrupt, or
/// does not hold what was asked for.
public struct HDF5Error: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Minimal read-only access to HDF5 files through Debian's libhdf5 (1.10): groups, string
/// attributes and float datasets, which is all a Keras weights file needs.
///
/// libhdf5's serial build is not thread-safe: every use must happen inside
/// `HDF5.locked { }`, and objects must not escape it.
enum HDF5 {
    private static let lock = NSRecursiveLock()
    nonisolated(unsafe) private static var silenced = false

    /// Runs `body` while holding the process-wide HDF5 lock.
    static func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        if !silenced {
            parity_h5_silence_errors()
            silenced = true
        }
        return try body()
    }

    /// The 8-byte HDF5 superblock signature.
    static let signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Largest dataset we agree to read (elements): guards against corrupt dimensions.
    static let maxElements = 1 << 31
}

/// An open HDF5 object (file root, group or dataset). Closed on deinit.
final class HDF5Object {
    enum Kind { case group, dataset, other }

    let id: hid_t
    /// Path from the file root, for messages.
    let path: String
    let fileName: String
    private let isFile: Bool
    /// Keeps the file open while objects inside it are alive.
    private let parent: HDF5Object?

    private init(id: hid_t, path: String, fileName: String, isFile: Bool, parent: HDF5Object?) {
        self.id = id
        self.path = path
        self.fileName = fileName
        self.isFile = isFile
        self.parent = parent
    }

    deinit {
        if isFile { H5Fclose(id) } else { H5Oclose(id) }
    }

    func fail(_ message: String) -> HDF5Error { HDF5Error("\(fileName): \(message)") }

    /// Opens an HDF5 file read-only.
    static func open(path: String) throws -> HDF5Object {
        let name = URL(fileURLWithPath: path).lastPathComponent
        guard let fh = FileHandle(forReadingAtPath: path) else { throw HDF5Error("\(path): cannot open file") }
        let head = ((try? fh.read(upToCount: 8)) ?? nil) ?? Data()
        try? fh.close()
        guard Array(head) == HDF5.signature else {
            throw HDF5Error("\(name): not an HDF5 file (no HDF5 signature)")
        }
        let fid = H5Fopen(path, parity_h5f_acc_rdonly(), parity_h5p_default())
        guard fid >= 0 else { throw HDF5Error("\(name): cannot open as HDF5 (truncated or corrupt file)") }
        return HDF5Object(id: fid, path: "/", fileName: name, isFile: true, parent: nil)
    }

    /// Opens an HDF5 file held in memory (e.g. model.weights.h5 inside a .keras zip).
    static func open(image: Data, name: String) throws -> HDF5Object {
        guard image.count >= 8, Array(image.prefix(8)) == HDF5.signature else {
            throw HDF5Error("\(name): not an HDF5 file (no HDF5 signature)")
        }
        let fapl = H5Pcreate(parity_h5p_file_access())
        guard fapl >= 0 else { throw HDF5Error("\(name): cannot create an HDF5 file-access list") }
        defer { H5Pclose(fapl) }
        guard H5Pset_fapl_core(fapl, 1 << 16, false) >= 0 else { throw HDF5Error("\(name): cannot select HDF5's in-memory driver") }
        let status = image.withUnsafeBytes { raw -> herr_t in
            guard let base = raw.baseAddress else { return -1 }
            return H5Pset_file_image(fapl, UnsafeMutableRawPointer(mutating: base), raw.count)
        }
        guard status >= 0 else { throw HDF5Error("\(name): cannot load the HDF5 image") }
        let fid = H5Fopen(name, parity_h5f_acc_rdonly(), fapl)
        guard fid >= 0 else { throw HDF5Error("\(name): cannot open as HDF5 (truncated or corrupt file)") }
        return HDF5Object(id: fid, path: "/", fileName: name, isFile: true, parent: nil)
    }

    private func childPath(_ name: String) -> String {
        path == "/" ? "/" + name : path + "/" + name
    }

    /// What `relative` (a slash-separated path below this object) names, or nil if no such link.
    func kind(of relative: String) -> Kind? {
        // H5Lexists only checks the last component; walk the path one link at a time.
        var prefix = ""
        for part in relative.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += prefix.isEmpty ? String(part) : "/" + part
            guard H5Lexists(id, prefix, parity_h5p_default()) > 0 else { return nil }
        }
        guard !prefix.isEmpty else { return nil }
        let oid = H5Oopen(id, prefix, parity_h5p_default())
        guard oid >= 0 else { return nil }
        defer { H5Oclose(oid) }
        switch H5Iget_type(oid) {
        case H5I_GROUP: return .group
        case H5I_DATASET: return .dataset
        default: return .other
        }
    }

    /// Opens the group at `relative`.
    func group(_ relative: String) throws -> HDF5Object {
        guard kind(of: relative) == .group else { throw fail("no group '\(childPath(relative))'") }
        let gid = H5Gopen2(id, relative, parity_h5p_default())
        guard gid >= 0 else { throw fail("cannot open group '\(childPath(relative))'") }
        return HDF5Object(id: gid, path: childPath(relative), fileName: fileName, isFile: false, parent: self)
    }

    /// Names of the links in this group, in name order.
    func childNames() throws -> [String] {
        var info = H5G_info_t()
        guard H5Gget_info(id, &info) >= 0 else { throw fail("cannot list group '\(path)'") }
        guard info.nlinks < 1_000_000 else { throw fail("group '\(path)' claims \(info.nlinks) members (corrupt file)") }
        var names: [String] = []
        for i in 0 ..< info.nlinks {
            let n = H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, i, nil, 0, parity_h5p_default())
            guard n >= 0, n < 65536 else { throw fail("cannot read member \(i) of '\(path)'") }
            var buf = [CChar](repeating: 0, count: Int(n) + 1)
            guard H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, i, &buf, buf.count, parity_h5p_default()) >= 0 else {
                throw fail("cannot read member \(i) of '\(path)'")
            }
            names.append(String(decoding: buf.prefix(Int(n)).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return names
    }

    func hasAttribute(_ name: String) -> Bool { H5Aexists(id, name) > 0 }

    /// A string attribute (scalar), or nil when absent. Fixed-length and variable-length
    /// strings are both read.
    func stringAttribute(_ name: String) throws -> String? {
        guard let values = try strings(name) else { return nil }
        guard values.count == 1, let v = values.first else {
            throw fail("attribute '\(name)' of '\(path)' holds \(values.count) values, expected one string")
        }
        return v
    }

    /// A string-array attribute, or nil when absent. An empty numeric array (what h5py
    /// writes for an empty list) reads as [].
    func stringArrayAttribute(_ name: String) throws -> [String]? { try strings(name) }

    private func strings(_ name: String) throws -> [String]? {
        guard hasAttribute(name) else { return nil }
        let what = "attribute '\(name)' of '\(path)'"
        let aid = H5Aopen(id, name, parity_h5p_default())
        guard aid >= 0 else { throw fail("cannot open \(what)") }
        defer { H5Aclose(aid) }
        let space = H5Aget_space(aid)
        guard space >= 0 else { throw fail("cannot read the shape of \(what)") }
        defer { H5Sclose(space) }
        let n = H5Sget_simple_extent_npoints(space)
        guard n >= 0, n < 10_000_000 else { throw fail("\(what) has an invalid size") }
        let count = Int(n)
        let ftype = H5Aget_type(aid)
        guard ftype >= 0 else { throw fail("cannot read the type of \(what)") }
        defer { H5Tclose(ftype) }
        guard H5Tget_class(ftype) == H5T_STRING else {
            if count == 0 { return [] }
            throw fail("\(what) is not a string")
        }
        if count == 0 { return [] }
        if H5Tis_variable_str(ftype) > 0 {
            let mtype = H5Tcopy(parity_h5t_c_s1())
            defer { H5Tclose(mtype) }
            H5Tset_size(mtype, parity_h5t_variable())
            H5Tset_cset(mtype, H5Tget_cset(ftype))
            var ptrs = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            guard H5Aread(aid, mtype, &ptrs) >= 0 else { throw fail("cannot read \(what)") }
            let result = ptrs.map { $0.map { String(cString: $0) } ?? "" }
            H5Dvlen_reclaim(mtype, space, parity_h5p_default(), &ptrs)
            return result
        }
        let size = H5Tget_size(ftype)
        guard size > 0, size < 1 << 24, count * size < 1 << 28 else { throw fail("\(what) has an invalid string size") }
        let mtype = H5Tcopy(parity_h5t_c_s1())
        defer { H5Tclose(mtype) }
        H5Tset_size(mtype, size)
        H5Tset_strpad(mtype, H5T_STR_NULLPAD)
        var buf = [UInt8](repeating: 0, count: count * size)
        guard H5Aread(aid, mtype, &buf) >= 0 else { throw fail("cannot read \(what)") }
        return (0 ..< count).map { i in
            let slice = buf[i * size ..< (i + 1) * size]
            let bytes = slice.prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Reads the dataset at `relative` as float32 (HDF5 converts other numeric types).
    func floatDataset(_ relative: String) throws -> (shape: [Int], values: [Float]) {
        let full = childPath(relative)
        guard kind(of: relative) == .dataset else { throw fail("no dataset '\(full)'") }
        let did = H5Dopen2(id, relative, parity_h5p_default())
        guard did >= 0 else { throw fail("cannot open dataset '\(full)'") }
        defer { H5Dclose(did) }
        let space = H5Dget_space(did)
        guard space >= 0 else { throw fail("cannot read the shape of dataset '\(full)'") }
        defer { H5Sclose(space) }
        let rank = H5Sget_simple_extent_ndims(space)
        guard rank >= 0, rank <= 32 else { throw fail("dataset '\(full)' has an invalid rank") }
        var dims = [hsize_t](repeating: 0, count: Int(rank))
        if rank > 0 { guard H5Sget_simple_extent_dims(space, &dims, nil) >= 0 else { throw fail("cannot read the shape of dataset '\(full)'") } }
        var count = 1
        for d in dims {
            guard d <= UInt64(HDF5.maxElements) else { throw fail("dataset '\(full)' has an impossible dimension \(d)") }
            let (p, o) = count.multipliedReportingOverflow(by: Int(d))
            guard !o, p <= HDF5.maxElements else { throw fail("dataset '\(full)' is too large") }
            count = p
        }
        let ftype = H5Dget_type(did)
        guard ftype >= 0 else { throw fail("cannot read the type of dataset '\(full)'") }
        defer { H5Tclose(ftype) }
        let cls = H5Tget_class(ftype)
        guard cls == H5T_FLOAT || cls == H5T_INTEGER else { throw fail("dataset '\(full)' is not numeric") }
        var values = [Float](repeating: 0, count: count)
        if count > 0 {
            guard H5Dread(did, parity_h5t_native_float(), parity_h5s_all(), parity_h5s_all(), parity_h5p_default(), &values) >= 0 else {
                throw fail("cannot read dataset '\(full)' (truncated or corrupt file)")
            }
        }
        return (dims.map { Int($0) }, values)
    }
}
