/// Errors from the embedded interpreter.
public enum PythonError: Error, CustomStringConvertible, Sendable {
    /// The venv could not be used (missing, wrong Python version, not a venv).
    case environment(String)
    /// A Python exception: its type, message and formatted traceback.
    case exception(type: String, message: String, traceback: String)
    /// A required package is not installed in the venv.
    case missingPackage(name: String, venv: String)
    /// A value could not cross the boundary.
    case conversion(String)

    public var description: String {
        switch self {
        case .environment(let m): return m
        case .exception(let t, let m, _): return "Python \(t): \(m)"
        case .missingPackage(let n, let v):
            return "Python package '\(n)' is not installed in \(v): run `make setup` (or pip install -r python/requirements.txt in that venv)"
        case .conversion(let m): return "Python value conversion: \(m)"
        }
    }

    /// The traceback, when the error is a Python exception.
    public var traceback: String? {
        if case .exception(_, _, let tb) = self { return tb }
        return nil
    }
}
