import Foundation
import Testing
@testable import OnnxFormat

@Suite("Npz")
struct NpzTests {
    @Test func crc32KnownValues() {
        #expect(CRC32.checksum(Data()) == 0)
        #expect(CRC32.checksum(Data("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum(Data("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
        // Continuing a checksum equals checksumming the concatenation.
        let a = Data("12345".utf8), b = Data("6789".utf8)
        #expect(CRC32.checksum(b, continuing: CRC32.checksum(a)) == 0xCBF4_3926)
    }

    @Test func roundTripKeepsOrderAndEveryDtype() throws {
        let arrays = IOTest.everyDtype.reversed().map { (name: $0.name, tensor: $0.tensor) }
        let data = try Npz.encode(arrays)
        let back = try Npz.decode(data, name: "all.npz")
        #expect(back.map(\.name) == arrays.map(\.name))
        for (a, b) in zip(arrays, back) { #expect(a.tensor == b.tensor, "\(a.name)") }
        // Equal inputs give equal bytes (fixed timestamps).
        #expect(try Npz.encode(arrays) == data)
    }

    @Test func emptyArchive() throws {
        let data = try Npz.encode([])
        #expect(try Npz.decode(data, name: "empty.npz").isEmpty)
    }

    @Test func writeAndReadFile() throws {
        let dir = try IOTest.makeTempDir()
        defer { IOTest.cleanUp(dir) }
        let path = dir + "/a.npz"
        let arrays: [(name: String, tensor: Tensor)] = [("z", .scalar(Float(1))), ("a/b", Tensor(shape: [2], int64s: [1, 2]))]
        try Npz.write(arrays, to: path)
        let back = try Npz.read(path: path)
        #expect(back.map(\.name) == ["z", "a/b"])
        #expect(back.map(\.tensor) == arrays.map(\.tensor))
        #expect(try Npz.names(path: path) == ["z", "a/b"])
    }

    @Test func invalidNamesAreRefused() {
        let t = Tensor.scalar(Float(1))
        expectArrayFileError(file: "<npz>", containing: "appears twice") { _ = try Npz.encode([("a", t), ("a", t)]) }
        expectArrayFileError(file: "<npz>", containing: "not allowed") { _ = try Npz.encode([("", t)]) }
        expectArrayFileError(file: "<npz>", containing: "array 'b': NumPy has no dtype for bfloat16") {
            _ = try Npz.encode([("b", Tensor.zeros(.bfloat16, shape: [1]))])
        }
    }

    @Test("np.savez and np.savez_compressed files", arguments: ["arrays", "arrays_compressed"])
    func readsNumpyArchives(_ name: String) throws {
        let expected = try #require(try IOTest.expected()["npz"] as? [String: Any])
        let records = try #require(expected[name] as? [[Any]])
        let arrays = try Npz.read(path: IOTest.fixture("\(name).npz"))
        #expect(arrays.map(\.name) == records.compactMap { $0.first as? String })
        for (array, record) in zip(arrays, records) {
            try IOTest.check(array.tensor, against: record.last, "\(name).npz/\(array.name)")
        }
    }

    @Test func compressedFixtureReallyIsDeflated() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: IOTest.fixture("arrays_compressed.npz")))
        let entries = try Zip.entries(data) { ArrayFileError(file: "x", $0) }
        #expect(entries.map(\.method) == [8, 8])
        #expect(entries[0].compressedSize < entries[0].uncompressedSize)
    }

    @Test func missingFile() {
        let path = IOTest.fixture("nope.npz")
        expectArrayFileError(file: path, containing: "no such file") { _ = try Npz.read(path: path) }
    }

    @Test func corruptArchivesThrowNamedErrors() throws {
        let f = "bad.npz"
        let good = try Npz.encode([("x", Tensor(shape: [4], floats: [1, 2, 3, 4]))])
        expectArrayFileError(file: f, containing: "empty") { _ = try Npz.decode(Data(), name: f) }
        expectArrayFileError(file: f, containing: "not a zip archive") {
            _ = try Npz.decode(Data(repeating: 0x41, count: 100), name: f)
        }
        expectArrayFileError(file: f, containing: "truncated zip archive") {
            _ = try Npz.decode(good.prefix(good.count / 2), name: f)
        }
        // Flip one byte of the array data (the last data byte sits just before the central
        // directory, which starts at the offset stored in the end record).
        var flipped = good
        let cdOffset = Int(flipped[flipped.count - 6]) | Int(flipped[flipped.count - 5]) << 8
        flipped[cdOffset - 1] ^= 0xFF
        expectArrayFileError(file: f, containing: "entry 'x.npy': CRC-32 mismatch") { _ = try Npz.decode(flipped, name: f) }

        // An entry that is not an .npy array.
        let notNpy = try Zip.archive([("readme.txt", Data("hi".utf8))]) { ArrayFileError(file: f, $0) }
        expectArrayFileError(file: f, containing: "'readme.txt' is not an .npy array") { _ = try Npz.decode(notNpy, name: f) }

        // An entry whose .npy is itself malformed names both the archive and the entry.
        let badNpy = try Zip.archive([("y.npy", Data(Npy.magic))]) { ArrayFileError(file: f, $0) }
        expectArrayFileError(file: f, containing: "entry 'y.npy': truncated header") { _ = try Npz.decode(badNpy, name: f) }

        // Unsupported compression method (patch the central directory's method to 12, bzip2).
        var bzip = good
        bzip[cdOffset + 10] = 12
        expectArrayFileError(file: f, containing: "compression method 12") { _ = try Npz.decode(bzip, name: f) }
    }

    @Test func corruptDeflateDataIsAnError() throws {
        let path = IOTest.fixture("arrays_compressed.npz")
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let entries = try Zip.entries(data) { ArrayFileError(file: path, $0) }
        let e = try #require(entries.first)
        // The compressed bytes start after the local header, its name and its extra field.
        let nameLength = Int(data[e.localHeaderOffset + 26]) | Int(data[e.localHeaderOffset + 27]) << 8
        let extraLength = Int(data[e.localHeaderOffset + 28]) | Int(data[e.localHeaderOffset + 29]) << 8
        let start = e.localHeaderOffset + 30 + nameLength + extraLength
        var bad = data
        for i in start ..< start + 8 { bad[i] ^= 0x5A }
        expectArrayFileError(file: "c.npz", containing: "entry 'big.npy'") { _ = try Npz.decode(bad, name: "c.npz") }
    }

    /// Every prefix and many random corruptions of both NumPy archives either decode or
    /// throw: nothing traps.
    @Test func truncationsAndCorruptionsNeverTrap() throws {
        var rng = SeededGenerator(seed: 11)
        for file in ["arrays.npz", "arrays_compressed.npz"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: IOTest.fixture(file)))
            for n in 0 ..< data.count {
                #expect(throws: ArrayFileError.self) { _ = try Npz.decode(data.prefix(n), name: file) }
            }
            for _ in 0 ..< 1000 {
                var d = data
                for _ in 0 ..< Int.random(in: 1 ... 3, using: &rng) {
                    d[Int.random(in: 0 ..< d.count, using: &rng)] = UInt8.random(in: 0 ... 255, using: &rng)
                }
                _ = try? Npz.decode(d, name: file)
            }
        }
    }
}
