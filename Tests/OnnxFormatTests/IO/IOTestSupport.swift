import Foundation
import Testing
@testable import OnnxFormat

/// Paths and helpers shared by the I/O tests. The repository root is found from this
/// file's path, so nothing depends on where the checkout lives.
enum IOTest {
    /// `<root>` of the repository (this file is `<root>/Tests/OnnxFormatTests/IO/...`).
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `<root>/Fixtures/io`, made by `Fixtures/io/make_io_fixtures.py`.
    static let fixtures: String = root.appendingPathComponent("Fixtures/io").path

    static func fixture(_ relative: String) -> String { (fixtures as NSString).appendingPathComponent(relative) }

    /// The project's venv interpreter, `<root>/.venv/bin/python`.
    static let python: String = root.appendingPathComponent(".venv/bin/python").path

    static var hasPython: Bool { FileManager.default.isExecutableFile(atPath: python) }

    /// `expected.json` from the fixture generator.
    static func expected() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: fixture("expected.json")))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// A fresh temporary folder, removed by the caller with `cleanUp`.
    static func makeTempDir() throws -> String {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("parity-io-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func cleanUp(_ dir: String) { try? FileManager.default.removeItem(atPath: dir) }

    /// Runs the venv python with `arguments`; returns stdout. Fails the test on a non-zero exit.
    static func runPython(_ arguments: [String]) throws -> Data {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "python failed: \(String(decoding: stderr, as: UTF8.self))")
        return stdout
    }

    /// Checks a tensor against a `describe()` record of the fixture generator: dtype name,
    /// shape and the C-order elements as strings.
    static func check(_ t: Tensor, against record: Any?, _ what: String,
                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try #require(record as? [String: Any], "\(what): no expected record", sourceLocation: sourceLocation)
        let dtype = try #require(r["dtype"] as? String, sourceLocation: sourceLocation)
        let shape = try #require(r["shape"] as? [Int], sourceLocation: sourceLocation)
        let values = try #require(r["values"] as? [String], sourceLocation: sourceLocation)
        #expect(t.shape == shape, "\(what): shape", sourceLocation: sourceLocation)
        #expect(t.dataType == dataType(numpy: dtype), "\(what): dtype \(dtype) vs \(t.dataType)", sourceLocation: sourceLocation)
        #expect(t.count == values.count, "\(what): element count", sourceLocation: sourceLocation)
        guard t.count == values.count else { return }
        func same<T: Equatable>(_ a: [T], _ parse: (String) -> T?) {
            for (i, (v, s)) in zip(a, values).enumerated() {
                #expect(parse(s) == v, "\(what)[\(i)]: expected \(s), got \(v)", sourceLocation: sourceLocation)
            }
        }
        switch t.storage {
        case .float(let a): same(a) { Float($0) }
        case .double(let a): same(a) { Double($0) }
        case .bits16(let a): same(a) { Float16($0)?.bitPattern }
        case .int8(let a): same(a) { Int8($0) }
        case .int16(let a): same(a) { Int16($0) }
        case .int32(let a): same(a) { Int32($0) }
        case .int64(let a): same(a) { Int64($0) }
        case .uint8(let a): same(a) { UInt8($0) }
        case .uint16(let a): same(a) { UInt16($0) }
        case .uint32(let a): same(a) { UInt32($0) }
        case .uint64(let a): same(a) { UInt64($0) }
        case .bool(let a): same(a) { $0 == "true" }
        case .string(let a): same(a) { $0 }
        case .bits8: Issue.record("\(what): unexpected 8-bit storage", sourceLocation: sourceLocation)
        }
    }

    /// The DataType for a NumPy dtype name (`float32`, `str160`, `bytes24`, ...).
    static func dataType(numpy name: String) -> DataType? {
        switch name {
        case "float16": return .float16
        case "float32": return .float
        case "float64": return .double
        case "int8": return .int8
        case "int16": return .int16
        case "int32": return .int32
        case "int64": return .int64
        case "uint8": return .uint8
        case "uint16": return .uint16
        case "uint32": return .uint32
        case "uint64": return .uint64
        case "bool": return .bool
        default: return name.hasPrefix("str") || name.hasPrefix("bytes") ? .string : nil
        }
    }

    /// One tensor of every element type Npy can write, plus 0-d, empty and string cases.
    static let everyDtype: [(name: String, tensor: Tensor)] = {
        func t(_ dt: DataType, _ shape: [Int], _ s: TensorStorage) -> Tensor {
            Tensor(uncheckedType: dt, shape: shape, storage: s)
        }
        return [
            ("float", t(.float, [2, 3], .float([1.5, -2, 0, .infinity, -.leastNonzeroMagnitude, 3.4e38]))),
            ("double", t(.double, [3], .double([.pi, -1e-300, 1e300]))),
            ("float16", t(.float16, [2, 2], .bits16([0x3C00, 0xC000, 0x7BFF, 0x0001]))),
            ("int8", t(.int8, [4], .int8([.min, -1, 0, .max]))),
            ("int16", t(.int16, [2, 2], .int16([.min, -1, 0, .max]))),
            ("int32", t(.int32, [4], .int32([.min, -1, 0, .max]))),
            ("int64", t(.int64, [1, 4], .int64([.min, -1, 0, .max]))),
            ("uint8", t(.uint8, [3], .uint8([0, 1, 255]))),
            ("uint16", t(.uint16, [3], .uint16([0, 1, .max]))),
            ("uint32", t(.uint32, [3], .uint32([0, 1, .max]))),
            ("uint64", t(.uint64, [3], .uint64([0, 1, .max]))),
            ("bool", t(.bool, [2, 2], .bool([true, false, false, true]))),
            ("string", t(.string, [2, 2], .string(["a", "héllo", "", "日本語😀"]))),
            ("scalar", t(.double, [], .double([42.5]))),
            ("scalar_int", t(.int64, [], .int64([-3]))),
            ("empty", t(.float, [0, 3], .float([]))),
            ("empty_strings", t(.string, [2], .string(["", ""]))),
            ("rank5", t(.int32, [1, 2, 1, 2, 2], .int32(Array(0 ..< 8)))),
        ]
    }()
}

/// Runs `body`, expecting an `ArrayFileError` whose one-line message starts with `file`
/// and contains `fragment`.
func expectArrayFileError(file: String, containing fragment: String,
                          sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected an error containing '\(fragment)' for \(file)", sourceLocation: sourceLocation)
    } catch let e as ArrayFileError {
        #expect(e.file == file, "error names \(e.file), expected \(file)", sourceLocation: sourceLocation)
        #expect(e.description.hasPrefix("\(file): "), sourceLocation: sourceLocation)
        #expect(!e.description.contains("\n"), "message is not one line: \(e)", sourceLocation: sourceLocation)
        #expect(e.description.contains(fragment), "message '\(e)' lacks '\(fragment)'", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected ArrayFileError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
    }
}
