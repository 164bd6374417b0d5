import Foundation
internal import CZlib

/// CRC-32 as used by zip, gzip and PNG (reflected polynomial 0xEDB88320), table-driven.
public enum CRC32 {
    static let table: [UInt32] = (0 ..< 256).map { i -> UInt32 in
        var c = UInt32(i)
        for _ in 0 ..< 8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// The CRC-32 of `bytes`, continuing from `crc` (0 to start).
    public static func checksum<Bytes: Sequence>(_ bytes: Bytes, continuing crc: UInt32 = 0) -> UInt32
        where Bytes.Element == UInt8 {
        var c = ~crc
        table.withUnsafeBufferPointer { t in
            for b in bytes { c = t[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        }
        return ~c
    }

    /// The CRC-32 of `data`, by zlib's crc32 (several times faster than the byte loop
    /// above; a 100 MB .keras weights file took 250 ms with the loop).
    public static func checksum(_ data: Data) -> UInt32 {
        data.withUnsafeBytes { raw -> UInt32 in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: Bytef.self) else { return 0 }
            var c: uLong = 0
            var offset = 0
            while offset < raw.count {
                let n = Swift.min(raw.count - offset, 1 << 30)
                c = crc32(c, base + offset, uInt(n))
                offset += n
            }
            return UInt32(truncatingIfNeeded: c)
        }
    }
}

/// A minimal zip archive reader and writer: enough for `.npz` files. Reads stored and
/// deflated entries (including ZIP64 sizes and offsets); writes stored entries.
enum Zip {
    struct Entry {
        var name: String
        var flags: UInt16
        var method: UInt16
        var crc: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
    }

    static let localSignature: UInt32 = 0x0403_4B50
    static let centralSignature: UInt32 = 0x0201_4B50
    static let endSignature: UInt32 = 0x0605_4B50
    static let end64Signature: UInt32 = 0x0606_4B50
    static let end64LocatorSignature: UInt32 = 0x0706_4B50

    // MARK: Reading

    /// The entries listed in the central directory, in archive order.
    static func entries(_ data: Data, fail: (String) -> ArrayFileError) throws -> [Entry] {
        let r = ByteReader(data)
        guard data.count >= 22 else {
            throw fail(data.isEmpty ? "file is empty, not a zip archive" : "not a zip archive (only \(data.count) bytes)")
        }
        // The end-of-central-directory record is in the last 22 + 65535 bytes.
        var endOffset: Int?
        var p = data.count - 22
        let lowest = max(0, data.count - 22 - 65535)
        while p >= lowest {
            if r.u32(p) == endSignature, let commentLength = r.u16(p + 20), p + 22 + Int(commentLength) <= data.count {
                endOffset = p
                break
            }
            p -= 1
        }
        guard let end = endOffset else {
            if r.u32(0) == localSignature {
                throw fail("truncated zip archive (no end-of-central-directory record)")
            }
            throw fail("not a zip archive (no end-of-central-directory record)")
        }
        guard let disk = r.u16(end + 4), let cdDisk = r.u16(end + 6), let count16 = r.u16(end + 10),
              let cdSize32 = r.u32(end + 12), let cdOffset32 = r.u32(end + 16) else {
            throw fail("truncated zip end record")
        }
        var entryCount = Int(count16), cdSize = Int(cdSize32), cdOffset = Int(cdOffset32)
        if count16 == 0xFFFF || cdSize32 == 0xFFFF_FFFF || cdOffset32 == 0xFFFF_FFFF {
            // ZIP64: a locator just before the end record points at the ZIP64 end record.
            let loc = end - 20
            guard r.u32(loc) == end64LocatorSignature, let end64 = r.u64(loc + 8),
                  end64 < UInt64(data.count), r.u32(Int(end64)) == end64Signature,
                  let n = r.u64(Int(end64) + 32), let size = r.u64(Int(end64) + 40), let off = r.u64(Int(end64) + 48),
                  n < UInt64(Int.max), size < UInt64(Int.max), off < UInt64(Int.max) else {
                throw fail("corrupt zip archive (bad ZIP64 end-of-central-directory record)")
            }
            entryCount = Int(n); cdSize = Int(size); cdOffset = Int(off)
        } else if disk != 0 || cdDisk != 0 {
            throw fail("multi-disk zip archives are not supported")
        }
        guard cdOffset <= data.count, cdSize <= data.count - cdOffset else {
            throw fail("corrupt zip archive (central directory at \(cdOffset), \(cdSize) bytes, is past the end of the file of \(data.count) bytes)")
        }
        guard entryCount <= cdSize / 46 else {
            throw fail("corrupt zip archive (\(entryCount) entries cannot fit in a \(cdSize)-byte central directory)")
        }

        var result: [Entry] = []
        result.reserveCapacity(entryCount)
        var q = cdOffset
        for k in 0 ..< entryCount {
            guard r.u32(q) == centralSignature else {
                throw fail("corrupt zip archive (central directory entry \(k) has a bad signature)")
            }
            guard let flags = r.u16(q + 8), let method = r.u16(q + 10), let crc = r.u32(q + 16),
                  let csize = r.u32(q + 20), let usize = r.u32(q + 24), let nameLength = r.u16(q + 28),
                  let extraLength = r.u16(q + 30), let commentLength = r.u16(q + 32), let offset = r.u32(q + 42),
                  let nameBytes = r.bytes(q + 46, Int(nameLength)),
                  let extra = r.bytes(q + 46 + Int(nameLength), Int(extraLength)) else {
                throw fail("corrupt zip archive (central directory entry \(k) is truncated)")
            }
            let name = String(decoding: nameBytes, as: UTF8.self)
            var entry = Entry(name: name, flags: flags, method: method, crc: crc, compressedSize: Int(csize),
                              uncompressedSize: Int(usize), localHeaderOffset: Int(offset))
            if usize == 0xFFFF_FFFF || csize == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
                try applyZip64Extra(extra, to: &entry, usize: usize == 0xFFFF_FFFF, csize: csize == 0xFFFF_FFFF,
                                    offset: offset == 0xFFFF_FFFF, fail: fail)
            }
            result.append(entry)
            q += 46 + Int(nameLength) + Int(extraLength) + Int(commentLength)
        }
        return result
    }

    /// Reads the 64-bit fields that a ZIP64 extra field (id 1) holds for the header fields
    /// set to 0xFFFFFFFF, in the order uncompressed size, compressed size, offset.
    static func applyZip64Extra(_ extra: Data, to entry: inout Entry, usize: Bool, csize: Bool, offset: Bool,
                                fail: (String) -> ArrayFileError) throws {
        let r = ByteReader(extra)
        var p = 0
        while let id = r.u16(p), let size = r.u16(p + 2) {
            if id == 0x0001 {
                var f = p + 4
                func next() throws -> Int {
                    guard f + 8 <= p + 4 + Int(size), let v = r.u64(f), v < UInt64(Int.max) else {
                        throw fail("corrupt zip archive (bad ZIP64 extra field for '\(entry.name)')")
                    }
                    f += 8
                    return Int(v)
                }
                if usize { entry.uncompressedSize = try next() }
                if csize { entry.compressedSize = try next() }
                if offset { entry.localHeaderOffset = try next() }
                return
            }
            p += 4 + Int(size)
        }
        throw fail("corrupt zip archive ('\(entry.name)' needs a ZIP64 extra field and has none)")
    }

    /// The uncompressed bytes of `entry`, with its CRC-32 checked.
    static func extract(_ entry: Entry, from data: Data, fail: (String) -> ArrayFileError) throws -> Data {
        let r = ByteReader(data)
        let what = "entry '\(entry.name)'"
        guard entry.flags & 1 == 0 else { throw fail("\(what) is encrypted") }
        let h = entry.localHeaderOffset
        guard r.u32(h) == localSignature, let nameLength = r.u16(h + 26), let extraLength = r.u16(h + 28) else {
            throw fail("\(what): bad local header at offset \(h) (corrupt or truncated zip archive)")
        }
        let start = h + 30 + Int(nameLength) + Int(extraLength)
        guard let stored = r.bytes(start, entry.compressedSize) else {
            throw fail("\(what): truncated data (\(entry.compressedSize) bytes at offset \(start), file has \(data.count))")
        }
        let content: Data
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else {
                throw fail("\(what): stored entry sizes disagree (\(entry.compressedSize) vs \(entry.uncompressedSize))")
            }
            content = stored
        case 8:
            // Deflate cannot compress better than about 1032:1; a larger claim is corrupt and
            // must not make us allocate it.
            let (limit, overflow) = entry.compressedSize.multipliedReportingOverflow(by: 1032)
            guard overflow || entry.uncompressedSize <= limit + 1024 else {
                throw fail("\(what): declared size \(entry.uncompressedSize) is impossible for \(entry.compressedSize) deflated bytes")
            }
            content = try inflateRaw(stored, expectedSize: entry.uncompressedSize) { fail("\(what): \($0)") }
        default:
            throw fail("\(what): compression method \(entry.method) is not supported (only stored and deflate)")
        }
        let crc = CRC32.checksum(content)
        guard crc == entry.crc else {
            throw fail("\(what): CRC-32 mismatch (stored \(hex(entry.crc)), computed \(hex(crc))); the archive is corrupt")
        }
        return content
    }

    static func hex(_ v: UInt32) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, 8 - s.count)) + s
    }

    /// Inflates a raw deflate stream (no zlib or gzip wrapper) that must produce exactly
    /// `expectedSize` bytes.
    static func inflateRaw(_ input: Data, expectedSize: Int, fail: (String) -> ArrayFileError) throws -> Data {
        var stream = z_stream()
        guard parity_inflateInit2(&stream, -15) == Z_OK else { throw fail("cannot initialise zlib") }
        defer { inflateEnd(&stream) }
        // One spare byte detects a stream longer than declared.
        let capacity = expectedSize + 1
        var out = Data(count: capacity)
        let chunk = 1 << 30
        var produced = 0
        var problem: String?
        input.withUnsafeBytes { (inRaw: UnsafeRawBufferPointer) in
            out.withUnsafeMutableBytes { (outRaw: UnsafeMutableRawBufferPointer) in
                guard let outBase = outRaw.bindMemory(to: Bytef.self).baseAddress else {
                    problem = "cannot allocate \(capacity) bytes"
                    return
                }
                let inBase = inRaw.bindMemory(to: Bytef.self).baseAddress
                var consumed = 0
                while true {
                    let inAvail = min(inRaw.count - consumed, chunk)
                    let outAvail = min(capacity - produced, chunk)
                    stream.next_in = inBase.map { UnsafeMutablePointer(mutating: $0 + consumed) }
                    stream.avail_in = uInt(inAvail)
                    stream.next_out = outBase + produced
                    stream.avail_out = uInt(outAvail)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    let usedIn = inAvail - Int(stream.avail_in), usedOut = outAvail - Int(stream.avail_out)
                    consumed += usedIn
                    produced += usedOut
                    if status == Z_STREAM_END { return }
                    if status == Z_OK && (usedIn > 0 || usedOut > 0) { continue }
                    if status == Z_OK || status == Z_BUF_ERROR {
                        problem = produced >= capacity
                            ? "inflates to more than the declared \(expectedSize) bytes"
                            : "truncated deflate stream"
                    } else {
                        let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                        problem = "corrupt deflate data (\(message))"
                    }
                    return
                }
            }
        }
        if let problem { throw fail(problem) }
        guard produced == expectedSize else {
            throw fail(produced > expectedSize ? "inflates to more than the declared \(expectedSize) bytes"
                                               : "inflates to \(produced) bytes, \(expectedSize) declared")
        }
        out.count = expectedSize
        return out
    }

    // MARK: Writing

    /// A zip archive holding `files` as stored (uncompressed) entries, in order. Entries
    /// carry a fixed 1980-01-01 timestamp so equal inputs give equal bytes. Archives over
    /// 4 GiB (which would need ZIP64) are refused.
    static func archive(_ files: [(name: String, data: Data)], fail: (String) -> ArrayFileError) throws -> Data {
        var out = Data()
        var central = Data()
        let dosTime: UInt16 = 0, dosDate: UInt16 = (0 << 9) | (1 << 5) | 1
        guard files.count < 0xFFFF else { throw fail("too many entries (\(files.count)) for a zip without ZIP64") }
        for (name, data) in files {
            let nameBytes = Array(name.utf8)
            guard nameBytes.count <= 0xFFFF else { throw fail("entry name '\(name.prefix(40))…' is too long") }
            let flags: UInt16 = nameBytes.allSatisfy({ $0 < 0x80 }) ? 0 : 0x0800  // bit 11: UTF-8 name
            let offset = out.count
            guard data.count < 0xFFFF_FFFF, offset < 0xFFFF_FFFF else {
                throw fail("archive would exceed 4 GiB, which needs ZIP64 (not supported for writing)")
            }
            let crc = CRC32.checksum(data)
            func common(_ d: inout Data) {
                d.appendLE(flags)
                d.appendLE(UInt16(0))  // method: stored
                d.appendLE(dosTime)
                d.appendLE(dosDate)
                d.appendLE(crc)
                d.appendLE(UInt32(data.count))
                d.appendLE(UInt32(data.count))
                d.appendLE(UInt16(nameBytes.count))
                d.appendLE(UInt16(0))  // extra length
            }
            out.appendLE(localSignature)
            out.appendLE(UInt16(20))  // version needed: 2.0
            common(&out)
            out.append(contentsOf: nameBytes)
            out.append(data)

            central.appendLE(centralSignature)
            central.appendLE(UInt16(3 << 8 | 20))  // made by: Unix, 2.0
            central.appendLE(UInt16(20))
            common(&central)
            central.appendLE(UInt16(0))  // comment length
            central.appendLE(UInt16(0))  // disk
            central.appendLE(UInt16(0))  // internal attributes
            central.appendLE(UInt32(0o100644) << 16)  // external: regular file, rw-r--r--
            central.appendLE(UInt32(offset))
            central.append(contentsOf: nameBytes)
        }
        let cdOffset = out.count
        guard cdOffset < 0xFFFF_FFFF, central.count < 0xFFFF_FFFF else {
            throw fail("archive would exceed 4 GiB, which needs ZIP64 (not supported for writing)")
        }
        out.append(central)
        out.appendLE(endSignature)
        out.appendLE(UInt16(0))
        out.appendLE(UInt16(0))
        out.appendLE(UInt16(files.count))
        out.appendLE(UInt16(files.count))
        out.appendLE(UInt32(central.count))
        out.appendLE(UInt32(cdOffset))
        out.appendLE(UInt16(0))  // comment length
        return out
    }
}
