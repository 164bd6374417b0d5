extension PythonRuntime {
    /// Calls `module.function(**kwargs)` and converts the result to a `PyValue`. Python
    /// exceptions become `PythonError.exception` with the traceback; a missing package
    /// becomes `PythonError.missingPackage`.
    public func call(_ module: String, _ function: String, _ kwargs: [String: PyValue] = [:]) throws -> PyValue {
        try run {
            let m = try PyBridge.importModule(module)
            let f = try m.attr(function)
            var kw: [String: PyRef] = [:]
            for (k, v) in kwargs { kw[k] = try PyBridge.toPython(v) }
            return try PyBridge.toSwift(f.call([], kwargs: kw))
        }
    }

    /// Evaluates a Python expression (after optional statements) and converts its value.
    /// For tests and diagnostics.
    public func evaluate(_ expression: String, setup: String = "") throws -> PyValue {
        try call("parity_bridge", "evaluate", ["expression": .string(expression), "setup": .string(setup)])
    }
}
