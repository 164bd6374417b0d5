import Foundation
import Testing
@testable import OnnxFormat

/// What we write, NumPy and onnx read: the venv's python loads our files and reports each
/// array in the fixture generator's `describe()` format.
@Suite("NumPy reads our files", .enabled(if: IOTest.hasPython, "needs <root>/.venv/bin/python (scripts/setup.sh)"))
struct NumpyInteropTests {
    static let reader = """
        import json, sys, os
        import numpy as np
        import onnx
        from onnx import numpy_helper

        def describe(a):
            a = np.asarray(a)
            if a.dtype == object:  # onnx returns string tensors as object arrays
                a = np.array([v.decode() if isinstance(v, bytes) else v for v in a.reshape(-1)],
                             dtype=str).reshape(a.shape)
            flat = np.ascontiguousarray(a).reshape(-1)
            if a.dtype == np.bool_:
                values = ["true" if v else "false" for v in flat]
            else:
                values = [str(v) for v in flat]
            return {"dtype": a.dtype.name, "shape": list(a.shape), "values": values}

        d = sys.argv[1]
        out = {"npy": {}, "npz": [], "pb": []}
        for f in sorted(os.listdir(d)):
            if f.endswith(".npy"):
                out["npy"][f[:-4]] = describe(np.load(os.path.join(d, f), allow_pickle=False))
        with np.load(os.path.join(d, "all.npz"), allow_pickle=False) as z:
            out["npz"] = [[k, describe(z[k])] for k in z.files]
        sets = os.path.join(d, "model", "test_data_set_0")
        for k in range(len([f for f in os.listdir(sets) if f.startswith("input_")])):
            t = onnx.load_tensor(os.path.join(sets, "input_%d.pb" % k))
            out["pb"].append([t.name, describe(numpy_helper.to_array(t))])
        json.dump(out, sys.stdout)
        """

    @Test func numpyAndOnnxReadWhatWeWrite() throws {
        let dir = try IOTest.makeTempDir()
        defer { IOTest.cleanUp(dir) }
        let arrays = IOTest.everyDtype.map { (name: $0.name, tensor: $0.tensor) }
        for (name, t) in arrays { try Npy.write(t, to: "\(dir)/\(name).npy") }
        try Npz.write(arrays, to: dir + "/all.npz")
        try TestDataSet.write(inputs: arrays, outputs: [], to: dir + "/model/test_data_set_0")

        let stdout = try IOTest.runPython(["-c", Self.reader, dir])
        let result = try #require(try JSONSerialization.jsonObject(with: stdout) as? [String: Any])
        let npy = try #require(result["npy"] as? [String: Any])
        let npz = try #require(result["npz"] as? [[Any]])
        let pb = try #require(result["pb"] as? [[Any]])
        #expect(npz.compactMap { $0.first as? String } == arrays.map(\.name))
        #expect(pb.compactMap { $0.first as? String } == arrays.map(\.name))
        for (k, (name, t)) in arrays.enumerated() {
            try IOTest.check(t, against: npy[name], "\(name).npy")
            try IOTest.check(t, against: npz[safe: k]?.last, "all.npz/\(name)")
            try IOTest.check(t, against: pb[safe: k]?.last, "input_\(k).pb")
        }
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
