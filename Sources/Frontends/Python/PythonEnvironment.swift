import CPython
import Foundation

/// Which virtual environment the embedded interpreter runs on, and where Parity's own
/// Python modules (the repo's `python/` folder) are.
public struct PythonEnvironment: Sendable, Equatable {
    /// The venv root (holds pyvenv.cfg and bin/python).
    public let venv: String
    /// The folder with parity_*.py modules, put first on sys.path.
    public let modulesDirectory: String

    /// Resolves the venv: `explicit` (a `--python PATH`, either the venv folder or its
    /// bin/python), else `$PARITY_PYTHON`, else a `.venv` beside the repository that holds
    /// this executable or the current directory.
    public static func resolve(explicit: String? = nil) throws -> PythonEnvironment {
        let env = ProcessInfo.processInfo.environment
        let root = repositoryRoot()
        var candidate: String
        if let explicit, !explicit.isEmpty {
            candidate = explicit
        } else if let p = env["PARITY_PYTHON"], !p.isEmpty {
            candidate = p
        } else if let root {
            candidate = root + "/.venv"
        } else {
            throw PythonError.environment("no Python venv found: pass --python PATH, set PARITY_PYTHON, or run `make setup` in the Parity repository")
        }
        // Accept .../bin/python(3) as well as the venv folder.
        if candidate.hasSuffix("/bin/python") || candidate.hasSuffix("/bin/python3") {
            candidate = URL(fileURLWithPath: candidate).deletingLastPathComponent().deletingLastPathComponent().path
        }
        let venv = URL(fileURLWithPath: candidate).standardizedFileURL.path
        let cfgPath = venv + "/pyvenv.cfg"
        guard FileManager.default.fileExists(atPath: venv + "/bin/python") else {
            throw PythonError.environment("\(venv) is not a Python venv (no bin/python): run `make setup`, or pass --python PATH to a venv made with /usr/bin/python3 -m venv")
        }
        guard let cfg = try? String(contentsOfFile: cfgPath, encoding: .utf8) else {
            throw PythonError.environment("\(venv) is not a Python venv (no pyvenv.cfg)")
        }
        try checkVersion(cfg, venv: venv)
        let modules = env["PARITY_PYTHON_MODULES"] ?? root.map { $0 + "/python" } ?? (venv + "/../python")
        guard FileManager.default.fileExists(atPath: modules + "/parity_bridge.py") else {
            throw PythonError.environment("Parity's Python modules not found at \(modules) (expected parity_bridge.py); set PARITY_PYTHON_MODULES to the repository's python/ folder")
        }
        return PythonEnvironment(venv: venv, modulesDirectory: URL(fileURLWithPath: modules).standardizedFileURL.path)
    }

    /// Refuses a venv made by another Python minor version than the libpython linked in.
    static func checkVersion(_ cfg: String, venv: String) throws {
        let linked = "\(parity_py_major()).\(parity_py_minor())"
        var version: String?
        for line in cfg.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, parts[0] == "version" || parts[0] == "version_info" { version = parts[1] }
        }
        guard let version else { return }
        let mm = version.split(separator: ".").prefix(2).joined(separator: ".")
        guard mm == linked else {
            throw PythonError.environment("\(venv) is a Python \(version) venv, but Parity embeds Python \(linked): recreate it with `/usr/bin/python3 -m venv \(venv)` and install python/requirements.txt (make setup does both)")
        }
    }

    /// The Parity repository this executable (or the current directory) lives in: the first
    /// ancestor with python/parity_bridge.py.
    public static func repositoryRoot() -> String? {
        var starts: [URL] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            starts.append(URL(fileURLWithPath: exe).deletingLastPathComponent())
        }
        starts.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        for start in starts {
            var dir = start.standardizedFileURL
            for _ in 0..<8 {
                if FileManager.default.fileExists(atPath: dir.path + "/python/parity_bridge.py") { return dir.path }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
        }
        return nil
    }
}
