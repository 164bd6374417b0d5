import Foundation
import Testing
@testable import OnnxFormat

@Suite("Npy")
struct NpyTests {
    @Test("encode/decode round trip", arguments: IOTest.everyDtype.map(\.name))
    func roundTrip(_ name: String) throws {
        let tensor = try #require(IOTest.everyDtype.first { $0.name == name }?.tensor)
        let data = try Npy.encode(tensor)
        // Preamble + header are padded to a multiple of 64 bytes, as NumPy does.
        let headerLength = Int(data[8]) | Int(data[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        let back = try Npy.decode(data, name: "\(name).npy")
        #expect(back == tensor)
    }

    @Test func writeAndReadFile() throws {
        let dir = try IOTest.makeTempDir()
        defer { IOTest.cleanUp(dir) }
        let path = dir + "/x.npy"
        let t = Tensor(shape: [2, 2], floats: [1, 2, 3, 4])
        try Npy.write(t, to: path)
        #expect(try Npy.read(path: path) == t)
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["x.npy"])
    }

    @Test func typesWithoutNumpyDtypeAreRefused() {
        for dt in [DataType.bfloat16, .float8e4m3fn, .int4] {
            expectArrayFileError(file: "<npy>", containing: "NumPy has no dtype for \(dt)") {
                _ = try Npy.encode(Tensor.zeros(dt, shape: [2]))
            }
        }
    }

    @Test("files written by NumPy", arguments: [
        "f4", "f8_be", "f2", "f4_be", "i1", "i2_be", "i4", "i8", "u1", "u2", "u4_be", "u8", "b1",
        "scalar_f8", "scalar_i8", "empty_f4", "unicode", "unicode_be", "bytes", "fortran_f4",
        "fortran_i2_be", "v2", "v3",
    ])
    func readsNumpyFiles(_ name: String) throws {
        let expected = try IOTest.expected()
        let npy = try #require(expected["npy"] as? [String: Any])
        let t = try Npy.read(path: IOTest.fixture("npy/\(name).npy"))
        try IOTest.check(t, against: npy[name], name)
    }

    @Test func fortranOrderIsTransposedToRowMajor() throws {
        // np.arange(12).reshape(3, 4) saved in Fortran order reads back as 0, 1, 2, ... .
        let t = try Npy.read(path: IOTest.fixture("npy/fortran_i2_be.npy"))
        #expect(t.shape == [3, 4])
        #expect(t.storage == .int16(Array(0 ..< 12)))
    }

    @Test func objectArraysAreRefused() {
        let path = IOTest.fixture("npy/object.npy")
        expectArrayFileError(file: path, containing: "pickled Python objects") { _ = try Npy.read(path: path) }
    }

    @Test func missingFile() {
        let path = IOTest.fixture("npy/does-not-exist.npy")
        expectArrayFileError(file: path, containing: "no such file") { _ = try Npy.read(path: path) }
    }

    /// A hand-made `.npy` with the given header text and payload.
    static func npy(_ header: String, version: UInt8 = 1, payload: [UInt8] = []) -> Data {
        var d = Data(Npy.magic)
        d.append(contentsOf: [version, 0])
        let h = Array(header.utf8)
        if version == 1 { d.appendLE(UInt16(h.count)) } else { d.appendLE(UInt32(h.count)) }
        d.append(contentsOf: h)
        d.append(contentsOf: payload)
        return d
    }

    @Test func malformedInputsThrowNamedErrors() throws {
        let good = try Npy.encode(Tensor(shape: [2, 3], floats: [1, 2, 3, 4, 5, 6]))
        let f = "bad.npy"
        expectArrayFileError(file: f, containing: "empty") { _ = try Npy.decode(Data(), name: f) }
        expectArrayFileError(file: f, containing: "bad magic") { _ = try Npy.decode(Data("PK\u{3}\u{4}xxxxxxxxxx".utf8), name: f) }
        expectArrayFileError(file: f, containing: "truncated header") { _ = try Npy.decode(good.prefix(4), name: f) }
        expectArrayFileError(file: f, containing: "truncated header") { _ = try Npy.decode(good.prefix(9), name: f) }
        expectArrayFileError(file: f, containing: "truncated header") { _ = try Npy.decode(good.prefix(40), name: f) }
        expectArrayFileError(file: f, containing: "truncated data") { _ = try Npy.decode(good.dropLast(1), name: f) }
        expectArrayFileError(file: f, containing: "shape and data disagree") { _ = try Npy.decode(good + Data([0, 0, 0, 0]), name: f) }
        expectArrayFileError(file: f, containing: "header has no 'shape'") {
            _ = try Npy.decode(Self.npy("{'descr': '<f4', 'fortran_order': False, }\n"), name: f)
        }
        expectArrayFileError(file: f, containing: "header has no 'descr'") {
            _ = try Npy.decode(Self.npy("{'fortran_order': False, 'shape': (), }\n"), name: f)
        }
        expectArrayFileError(file: f, containing: "unexpected key 'extra'") {
            _ = try Npy.decode(Self.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (), 'extra': 1}\n"), name: f)
        }
        expectArrayFileError(file: f, containing: "malformed header") {
            _ = try Npy.decode(Self.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,"), name: f)
        }
        expectArrayFileError(file: f, containing: "malformed header") {
            _ = try Npy.decode(Self.npy("[1, 2]"), name: f)
        }
        expectArrayFileError(file: f, containing: "invalid dimension") {
            _ = try Npy.decode(Self.npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }"), name: f)
        }
        expectArrayFileError(file: f, containing: "too large") {
            _ = try Npy.decode(Self.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }"), name: f)
        }
        expectArrayFileError(file: f, containing: "complex dtype") {
            _ = try Npy.decode(Self.npy("{'descr': '<c8', 'fortran_order': False, 'shape': (), }"), name: f)
        }
        expectArrayFileError(file: f, containing: "structured dtypes") {
            _ = try Npy.decode(Self.npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (), }"), name: f)
        }
        expectArrayFileError(file: f, containing: "unsupported .npy format version 4.0") {
            _ = try Npy.decode(Self.npy("{}", version: 4), name: f)
        }
        expectArrayFileError(file: f, containing: "invalid code point") {
            _ = try Npy.decode(Self.npy("{'descr': '<U1', 'fortran_order': False, 'shape': (1,), }",
                                        payload: [0x00, 0xD8, 0, 0]), name: f)
        }
    }

    @Test func headerSyntaxNumpyAccepts() throws {
        // Python 2 long suffixes, double quotes, no trailing comma, a list for the shape.
        let t = try Npy.decode(Self.npy("{\"descr\": \"<i2\", \"fortran_order\": False, \"shape\": (2L,)}",
                                        payload: [1, 0, 2, 0]), name: "py2.npy")
        #expect(t.storage == .int16([1, 2]))
        let u = try Npy.decode(Self.npy("{'shape': [1], 'fortran_order': True, 'descr': '|u1'}", payload: [7]),
                               name: "list.npy")
        #expect(u.storage == .uint8([7]))
    }

    /// Every prefix and many single-byte corruptions of every fixture either decode or
    /// throw: nothing traps.
    @Test func truncationsAndCorruptionsNeverTrap() throws {
        var rng = SeededGenerator(seed: 7)
        let dir = IOTest.fixture("npy")
        for file in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() {
            let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + file))
            for n in 0 ..< data.count {
                #expect(throws: ArrayFileError.self) { _ = try Npy.decode(data.prefix(n), name: file) }
            }
            for _ in 0 ..< 200 {
                var d = data
                let i = Int.random(in: 0 ..< d.count, using: &rng)
                d[i] = UInt8.random(in: 0 ... 255, using: &rng)
                _ = try? Npy.decode(d, name: file)
            }
        }
    }
}

/// A small deterministic generator for reproducible corruption tests.
typealias SeededGenerator = SplitMix64
