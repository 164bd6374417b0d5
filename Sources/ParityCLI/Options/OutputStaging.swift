import Foundation

/// Where an exporter writes: a private folder next to the final destination, so that the
/// model (and its external .data file) appears there only by rename, complete.
struct OutputStaging {
    let directory: URL
    let stagedPath: String
    let finalPath: String?

    init(finalPath: String?, defaultName: String) throws {
        let parent: URL
        let name: String
        if let finalPath {
            let url = URL(fileURLWithPath: finalPath)
            parent = url.deletingLastPathComponent()
            name = url.lastPathComponent
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: parent.path, isDirectory: &isDir), isDir.boolValue else {
                throw CLIError.input("--output \(finalPath): folder \(parent.path) does not exist")
            }
        } else {
            parent = FileManager.default.temporaryDirectory
            name = defaultName
        }
        directory = parent.appendingPathComponent(".parity-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false) } catch {
            throw CLIError.input("cannot create a staging folder in \(parent.path): \(error.localizedDescription)")
        }
        stagedPath = directory.appendingPathComponent(name).path
        self.finalPath = finalPath
    }

    /// Moves the staged model and any external-data files beside it to the destination.
    func commit() throws -> String? {
        guard let finalPath else { return nil }
        let dest = URL(fileURLWithPath: finalPath).deletingLastPathComponent()
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        // Data files first, so the model never points at a missing file.
        for f in files.sorted(by: { a, _ in !a.hasSuffix(".onnx") }) {
            let from = directory.appendingPathComponent(f).path
            let to = dest.appendingPathComponent(f).path
            guard rename(from, to) == 0 else {
                throw CLIError.input("cannot move \(f) to \(dest.path): \(String(cString: strerror(errno)))")
            }
        }
        return finalPath
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: directory)
    }
}
