import Foundation
import SwiftProtobuf

/// Errors about model files: each message names the file.
public struct ModelFileError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Reading and writing `.onnx` files.
public enum ModelFile {
    /// Loads an ONNX model. External data stays external in the returned proto; tensors
    /// resolve it through `Tensor(proto:baseDirectory:)` with `baseDirectory(of:)`.
    public static func load(_ path: String) throws -> Onnx_ModelProto {
        let url = URL(fileURLWithPath: path)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw ModelFileError("\(path): no such file")
        }
        guard !isDir.boolValue else { throw ModelFileError("\(path): is a directory, expected an .onnx file") }
        let data: Data
        do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw ModelFileError("\(path): cannot read (\(error.localizedDescription))")
        }
        return try decode(data, name: path)
    }

    /// Decodes serialized ModelProto bytes, with a one-line error naming `name` if they are
    /// not a valid ONNX model.
    public static func decode(_ data: Data, name: String) throws -> Onnx_ModelProto {
        guard !data.isEmpty else { throw ModelFileError("\(name): file is empty, not an ONNX model") }
        let model: Onnx_ModelProto
        do {
            var options = BinaryDecodingOptions()
            options.messageDepthLimit = 1000
            model = try Onnx_ModelProto(serializedBytes: data, options: options)
        } catch {
            throw ModelFileError("\(name): not a valid ONNX model (protobuf decoding failed: \(error)); the file may be truncated or corrupt")
        }
        guard model.hasGraph, model.irVersion > 0 else {
            throw ModelFileError("\(name): not a valid ONNX model (no graph or no ir_version)")
        }
        return model
    }

    /// The folder external-data locations are relative to.
    public static func baseDirectory(of path: String) -> URL {
        URL(fileURLWithPath: path).deletingLastPathComponent()
    }

    /// Writes the model to `path` via a temporary file in the same folder and a rename, so a
    /// reader never sees a half-written file.
    public static func save(_ model: Onnx_ModelProto, to path: String) throws {
        let data: Data
        do { data = try model.serializedData() } catch {
            throw ModelFileError("\(path): cannot serialise model (\(error))")
        }
        try AtomicWrite.write(data, to: path)
    }
}

/// Write-to-temp-then-rename, used for every file Parity writes.
public enum AtomicWrite {
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent()
        let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try data.write(to: tmp)
            // rename(2) replaces the destination atomically within one file system.
            guard rename(tmp.path, url.path) == 0 else {
                throw ModelFileError("\(path): cannot write (rename failed: \(String(cString: strerror(errno))))")
            }
        } catch let e as ModelFileError {
            try? FileManager.default.removeItem(at: tmp)
            throw e
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            throw ModelFileError("\(path): cannot write (\(error.localizedDescription))")
        }
    }

    public static func write(_ string: String, to path: String) throws {
        try write(Data(string.utf8), to: path)
    }
}
