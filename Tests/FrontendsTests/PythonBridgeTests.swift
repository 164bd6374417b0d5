import Foundation
import OnnxFormat
import Testing
@testable import Frontends

/// The embedded interpreter, exercised for real on the project venv.
@Suite struct PythonBridgeTests {
    let py: PythonRuntime
    init() throws { py = try PythonRuntime.shared() }

    @Test func runsOnTheProjectVenv() throws {
        let prefix = try py.evaluate("sys.prefix", setup: "import sys")
        #expect(prefix.string == py.environment.venv)
        let base = try py.evaluate("sys.base_prefix", setup: "import sys")
        #expect(base.string == "/usr")
    }

    @Test func plainValuesCross() throws {
        #expect(try py.evaluate("1 + 2") == .int(3))
        #expect(try py.evaluate("'é' * 2") == .string("éé"))
        #expect(try py.evaluate("[1, 2.5, None, True]") == .list([.int(1), .double(2.5), .none, .bool(true)]))
        #expect(try py.evaluate("{'a': (1, 2)}") == .dict(["a": .list([.int(1), .int(2)])]))
    }

    @Test func exceptionsCarryTheTraceback() throws {
        do {
            _ = try py.evaluate("f()", setup: "def f():\n    raise ValueError('boom 42')")
            Issue.record("expected an error")
        } catch let e as PythonError {
            guard case .exception(let type, let message, let tb) = e else { Issue.record("wrong case \(e)"); return }
            #expect(type == "ValueError")
            #expect(message == "boom 42")
            #expect(tb.contains("in f"))
            #expect(tb.contains("Traceback"))
        }
        // The interpreter stays usable after an error.
        #expect(try py.evaluate("40 + 2") == .int(42))
    }

    @Test func missingPackageIsNamed() throws {
        do {
            _ = try py.evaluate("0", setup: "import surely_not_installed_pkg")
            Issue.record("expected an error")
        } catch PythonError.missingPackage(let name, let venv) {
            #expect(name == "surely_not_installed_pkg")
            #expect(venv == py.environment.venv)
        }
    }

    @Test func numpyArraysCrossThroughTheBufferProtocol() throws {
        // A transposed (non-contiguous) float32 view, computed by numpy.
        let v = try py.evaluate("np.arange(6, dtype=np.float32).reshape(2, 3).T * 1.5", setup: "import numpy as np")
        let t = try #require(v.tensor)
        #expect(t.shape == [3, 2])
        #expect(t.floats == [0, 4.5, 1.5, 6, 3, 7.5])
        let i = try #require(try py.evaluate("np.array([[-1, 2**40]], dtype=np.int64)", setup: "import numpy as np").tensor)
        #expect(i.int64s == [-1, 1 << 40])
        let b = try #require(try py.evaluate("np.array([True, False])", setup: "import numpy as np").tensor)
        #expect(b.dataType == .bool)
        let h = try #require(try py.evaluate("np.array([1.5, -2], dtype=np.float16)", setup: "import numpy as np").tensor)
        #expect(h.asDoubles() == [1.5, -2])
    }

    @Test func tensorsRoundTripIntoNumpy() throws {
        let t = Tensor(shape: [2, 2], floats: [1, -2, 3.25, 4])
        let back = try py.run { () -> PyValue in
            let obj = try PyBridge.toPython(.tensor(t))
            let np = try PyBridge.importModule("numpy")
            let s = try np.attr("sum").call([obj])
            let summary = try PyBridge.toSwift(try PyBridge.importModule("builtins").attr("float").call([s]))
            return .list([summary, try PyBridge.toSwift(obj)])
        }
        #expect(back.list?.first == .double(6.25))
        #expect(back.list?.last?.tensor == t)
    }

    @Test func aVenvOfAnotherPythonIsRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fake-venv-\(UUID())")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("bin"), withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: dir.path + "/bin/python", contents: Data())
        try "home = /usr/bin\nversion = 3.12.1\n".write(toFile: dir.path + "/pyvenv.cfg", atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect {
            _ = try PythonEnvironment.resolve(explicit: dir.path)
        } throws: { e in
            "\(e)".contains("Python 3.12.1 venv, but Parity embeds Python 3.11")
        }
    }
}
