import Foundation
import SwiftProtobuf

/// One `test_data_set_N` folder of an ONNX backend-test directory:
///
/// ```
/// model_dir/
///   model.onnx
///   test_data_set_0/
///     input_0.pb  input_1.pb  ...   (each a serialized TensorProto)
///     output_0.pb ...
///   test_data_set_1/ ...
/// ```
///
/// Each `.pb` holds one `TensorProto` whose `name` is the graph input or output name (it
/// may be empty, in which case the position `K` is what matters). Inputs and outputs are
/// ordered by `K` numerically (`input_10.pb` after `input_9.pb`).
///
/// Only tensor values are supported: a file holding a `SequenceProto`, `MapProto` or
/// `OptionalProto` is reported as such. Files other than `input_K.pb` / `output_K.pb`
/// (hidden files aside) and gaps in the numbering are errors that name the files.
public struct TestDataSet: Sendable, Equatable {
    /// The data set folder.
    public let path: String
    /// `N` in `test_data_set_N`; -1 for a folder with another name.
    public let index: Int
    /// Full paths of `input_K.pb`, ordered by `K` (0, 1, 2, ... without gaps).
    public let inputFiles: [String]
    /// Full paths of `output_K.pb`, ordered by `K` (0, 1, 2, ... without gaps).
    public let outputFiles: [String]

    /// The folder name of data set `index`: `test_data_set_<index>`.
    public static func folderName(index: Int) -> String { "test_data_set_\(index)" }

    /// Scans the data set folder at `path`.
    public init(path: String) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw ArrayFileError(file: path, "no such test data folder")
        }
        guard isDir.boolValue else { throw ArrayFileError(file: path, "is a file, expected a test_data_set folder") }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: path) } catch {
            throw ArrayFileError(file: path, "cannot list folder (\(error.localizedDescription))")
        }
        var inputs: [Int: String] = [:], outputs: [Int: String] = [:]
        var unrecognised: [String] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            if let k = TestDataSet.number(in: name, prefix: "input_", suffix: ".pb") {
                if let other = inputs[k] { throw ArrayFileError(file: path, "both \(other) and \(name) are input \(k)") }
                inputs[k] = name
            } else if let k = TestDataSet.number(in: name, prefix: "output_", suffix: ".pb") {
                if let other = outputs[k] { throw ArrayFileError(file: path, "both \(other) and \(name) are output \(k)") }
                outputs[k] = name
            } else {
                unrecognised.append(name)
            }
        }
        guard unrecognised.isEmpty else {
            throw ArrayFileError(file: path, "unrecognised files \(unrecognised.joined(separator: ", ")) (a test data set holds only input_K.pb and output_K.pb)")
        }
        func ordered(_ files: [Int: String], _ kind: String) throws -> [String] {
            let keys = files.keys.sorted()
            for (expected, k) in keys.enumerated() where k != expected {
                throw ArrayFileError(file: path, "\(kind)_\(expected).pb is missing (found \(files[k] ?? "?"))")
            }
            return keys.compactMap { files[$0] }.map { (path as NSString).appendingPathComponent($0) }
        }
        self.path = path
        self.index = TestDataSet.number(in: (path as NSString).lastPathComponent, prefix: "test_data_set_", suffix: "") ?? -1
        self.inputFiles = try ordered(inputs, "input")
        self.outputFiles = try ordered(outputs, "output")
    }

    /// The `test_data_set_N` folders of the model folder `modelDirectory`, ordered by `N`
    /// numerically. Other entries (`model.onnx`, ...) are ignored.
    public static func list(modelDirectory: String) throws -> [TestDataSet] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: modelDirectory, isDirectory: &isDir), isDir.boolValue else {
            throw ArrayFileError(file: modelDirectory, "no such model folder")
        }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: modelDirectory) } catch {
            throw ArrayFileError(file: modelDirectory, "cannot list folder (\(error.localizedDescription))")
        }
        let numbered = names.compactMap { name in number(in: name, prefix: "test_data_set_", suffix: "").map { ($0, name) } }
        return try numbered.sorted { $0.0 < $1.0 }.compactMap { _, name in
            let p = (modelDirectory as NSString).appendingPathComponent(name)
            var d: ObjCBool = false
            guard FileManager.default.fileExists(atPath: p, isDirectory: &d), d.boolValue else { return nil }
            return try TestDataSet(path: p)
        }
    }

    /// The inputs, in order, each with the name stored in its file (possibly empty).
    public func readInputs() throws -> [(name: String, tensor: Tensor)] {
        try inputFiles.map { try TestDataSet.readTensor(path: $0) }
    }

    /// The expected outputs, in order, each with the name stored in its file (possibly empty).
    public func readOutputs() throws -> [(name: String, tensor: Tensor)] {
        try outputFiles.map { try TestDataSet.readTensor(path: $0) }
    }

    /// Reads one serialized `TensorProto` file. External data, if any, is resolved relative
    /// to the file's folder.
    public static func readTensor(path: String) throws -> (name: String, tensor: Tensor) {
        let data = try ArrayFileReading.readFile(path)
        guard !data.isEmpty else { throw ArrayFileError(file: path, "file is empty, expected a serialized TensorProto") }
        let notTensor = "not a TensorProto; it may hold a SequenceProto, MapProto or OptionalProto, which are not supported yet"
        let proto: Onnx_TensorProto
        do {
            var options = BinaryDecodingOptions()
            options.messageDepthLimit = 100
            proto = try Onnx_TensorProto(serializedBytes: data, options: options)
        } catch {
            throw ArrayFileError(file: path, "\(notTensor) (protobuf decoding failed: \(error))")
        }
        // A tensor in a test data set has a data type and no segment; bytes of another
        // message type that happen to decode leave unknown fields or a segment behind.
        guard proto.dataType != 0, !proto.hasSegment, proto.unknownFields.data.isEmpty else {
            throw ArrayFileError(file: path, notTensor)
        }
        do {
            let base = URL(fileURLWithPath: path).deletingLastPathComponent()
            return (proto.name, try Tensor(proto: proto, baseDirectory: base))
        } catch let e as TensorError {
            throw ArrayFileError(file: path, e.description)
        }
    }

    /// Writes `tensor` to `path` as a serialized `TensorProto` named `name`, through a
    /// temporary file and a rename.
    public static func writeTensor(_ tensor: Tensor, name: String, to path: String) throws {
        let data: Data
        do { data = try tensor.toProto(name: name).serializedData() } catch {
            throw ArrayFileError(file: path, "cannot serialise tensor '\(name)' (\(error))")
        }
        try ArrayFileReading.writeFile(data, to: path)
    }

    /// Writes a data set folder at `path` (created with its parents if needed): `input_K.pb`
    /// for each input and `output_K.pb` for each output, in order, each file atomically.
    /// `input_K.pb` / `output_K.pb` files left from an earlier, larger data set are removed
    /// so that the folder holds exactly these values. Returns the scanned data set.
    @discardableResult
    public static func write(inputs: [(name: String, tensor: Tensor)], outputs: [(name: String, tensor: Tensor)],
                             to path: String) throws -> TestDataSet {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw ArrayFileError(file: path, "cannot create folder (\(error.localizedDescription))")
        }
        var keep = Set<String>()
        for (k, value) in inputs.enumerated() {
            keep.insert("input_\(k).pb")
            try writeTensor(value.tensor, name: value.name, to: (path as NSString).appendingPathComponent("input_\(k).pb"))
        }
        for (k, value) in outputs.enumerated() {
            keep.insert("output_\(k).pb")
            try writeTensor(value.tensor, name: value.name, to: (path as NSString).appendingPathComponent("output_\(k).pb"))
        }
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        for name in existing where !keep.contains(name) {
            guard number(in: name, prefix: "input_", suffix: ".pb") != nil
                || number(in: name, prefix: "output_", suffix: ".pb") != nil else { continue }
            let stale = (path as NSString).appendingPathComponent(name)
            do { try FileManager.default.removeItem(atPath: stale) } catch {
                throw ArrayFileError(file: stale, "cannot remove stale file (\(error.localizedDescription))")
            }
        }
        return try TestDataSet(path: path)
    }

    /// `K` if `name` is `prefix + K + suffix` with K a non-empty run of ASCII digits.
    static func number(in name: String, prefix: String, suffix: String) -> Int? {
        guard name.hasPrefix(prefix), name.hasSuffix(suffix), name.count > prefix.count + suffix.count else { return nil }
        let digits = name.dropFirst(prefix.count).dropLast(suffix.count)
        guard digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(digits)
    }
}
