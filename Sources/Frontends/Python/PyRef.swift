import CPython
import Foundation
import OnnxFormat

/// An owned reference to a Python object; releasing the Swift object releases the
/// reference (taking the GIL if this thread does not hold it).
final class PyRef {
    let ptr: UnsafeMutablePointer<PyObject>

    /// Takes ownership of a new reference; nil (a pending Python exception) becomes the
    /// Swift error for that exception.
    init(owned p: UnsafeMutablePointer<PyObject>?) throws {
        guard let p else { throw PyBridge.fetchError() }
        ptr = p
    }
    /// Adds a reference to a borrowed pointer.
    init(borrowed p: UnsafeMutablePointer<PyObject>) {
        Py_IncRef(p)
        ptr = p
    }
    deinit {
        let g = PyGILState_Ensure()
        Py_DecRef(ptr)
        PyGILState_Release(g)
    }

    func attr(_ name: String) throws -> PyRef { try PyRef(owned: PyObject_GetAttrString(ptr, name)) }

    /// Calls this object with positional and keyword arguments.
    func call(_ args: [PyRef] = [], kwargs: [String: PyRef] = [:]) throws -> PyRef {
        let tuple = try PyRef(owned: PyTuple_New(args.count))
        for (i, a) in args.enumerated() {
            Py_IncRef(a.ptr)  // PyTuple_SetItem steals a reference
            PyTuple_SetItem(tuple.ptr, i, a.ptr)
        }
        var kw: PyRef?
        if !kwargs.isEmpty {
            let d = try PyRef(owned: PyDict_New())
            for (k, v) in kwargs { withExtendedLifetime(v) { _ = PyDict_SetItemString(d.ptr, k, v.ptr) } }
            kw = d
        }
        // Swift may release a reference right after its last use: keep the arguments alive
        // until CPython has returned.
        return try withExtendedLifetime((tuple, kw, args)) {
            try PyRef(owned: PyObject_Call(ptr, tuple.ptr, kw?.ptr))
        }
    }

    /// The object's str() as a Swift string, or nil.
    var stringValue: String? {
        guard let s = try? PyRef(owned: PyObject_Str(ptr)) else { PyErr_Clear(); return nil }
        return withExtendedLifetime(s) { PyUnicode_AsUTF8(s.ptr).map { String(cString: $0) } }
    }

    var typeName: String {
        guard let t = try? PyRef(owned: PyObject_Type(ptr)), let n = try? t.attr("__name__") else { PyErr_Clear(); return "?" }
        return n.stringValue ?? "?"
    }
}

/// Conversions between `PyValue` and Python objects, and exception capture. Everything
/// here runs on the Python thread with the GIL held.
enum PyBridge {
    /// The pending Python exception as a Swift error with its formatted traceback.
    static func fetchError() -> PythonError {
        var type: UnsafeMutablePointer<PyObject>?
        var value: UnsafeMutablePointer<PyObject>?
        var tb: UnsafeMutablePointer<PyObject>?
        PyErr_Fetch(&type, &value, &tb)
        guard type != nil else { return .conversion("a Python call failed without an exception") }
        PyErr_NormalizeException(&type, &value, &tb)
        guard let type else { return .conversion("a Python call failed without an exception") }
        let typeRef = PyRef(borrowed: type)
        Py_DecRef(type)
        let valueRef = value.map { v -> PyRef in let r = PyRef(borrowed: v); Py_DecRef(v); return r }
        let tbRef = tb.map { v -> PyRef in let r = PyRef(borrowed: v); Py_DecRef(v); return r }
        let typeName = (try? typeRef.attr("__name__"))?.stringValue ?? "Exception"
        let message = valueRef?.stringValue ?? ""
        var traceback = ""
        if let tbModule = try? PyRef(owned: PyImport_ImportModule("traceback")),
           let format = try? tbModule.attr("format_exception") {
            let none = PyRef(borrowed: parity_py_none())
            if let lines = try? format.call([typeRef, valueRef ?? none, tbRef ?? none]),
               case .list(let l)? = try? toSwift(lines) {
                traceback = l.compactMap(\.string).joined()
            }
        }
        PyErr_Clear()
        if typeName == "ModuleNotFoundError", let valueRef, let n = (try? valueRef.attr("name"))?.stringValue {
            let venv = (try? PyRef(owned: PyImport_ImportModule("sys")).attr("prefix"))?.stringValue ?? "the venv"
            PyErr_Clear()
            return .missingPackage(name: n.split(separator: ".").first.map(String.init) ?? "?", venv: venv)
        }
        return .exception(type: typeName, message: message, traceback: traceback)
    }

    static func importModule(_ name: String) throws -> PyRef {
        try PyRef(owned: PyImport_ImportModule(name))
    }

    // MARK: Swift -> Python

    static func toPython(_ v: PyValue) throws -> PyRef {
        switch v {
        case .none: return PyRef(borrowed: parity_py_none())
        case .bool(let b): return PyRef(borrowed: b ? parity_py_true() : parity_py_false())
        case .int(let i): return try PyRef(owned: PyLong_FromLongLong(Int64(i)))
        case .double(let d): return try PyRef(owned: PyFloat_FromDouble(d))
        case .string(let s): return try PyRef(owned: PyUnicode_FromString(s))
        case .list(let l):
            let list = try PyRef(owned: PyList_New(0))
            for e in l {
                let item = try toPython(e)
                withExtendedLifetime(item) { _ = PyList_Append(list.ptr, item.ptr) }
            }
            return list
        case .dict(let d):
            let dict = try PyRef(owned: PyDict_New())
            for (k, e) in d {
                let item = try toPython(e)
                withExtendedLifetime(item) { _ = PyDict_SetItemString(dict.ptr, k, item.ptr) }
            }
            return dict
        case .tensor(let t): return try tensorToPython(t)
        }
    }

    /// One copy: the tensor's bytes into a bytearray that numpy wraps without copying.
    static func tensorToPython(_ t: Tensor) throws -> PyRef {
        let bridge = try importModule("parity_bridge")
        if case .string(let s) = t.storage {
            return try bridge.attr("strings_to_array").call([try toPython(.list(s.map { .string($0) })),
                                                             try toPython(.list(t.shape.map { .int($0) }))])
        }
        let proto = t.toProto()  // raw little-endian bytes, as numpy wants them on x86_64/arm64
        let bytes = proto.rawData
        let ba = try bytes.withUnsafeBytes { raw -> PyRef in
            let p = raw.baseAddress?.assumingMemoryBound(to: CChar.self)
            return try PyRef(owned: PyByteArray_FromStringAndSize(p, raw.count))
        }
        return try bridge.attr("array_from_bytes").call([ba, try toPython(.string(numpyDType(t.dataType))),
                                                          try toPython(.list(t.shape.map { .int($0) }))])
    }

    static func numpyDType(_ t: DataType) -> String {
        switch t {
        case .float: return "float32"
        case .double: return "float64"
        case .float16: return "float16"
        case .bfloat16: return "bfloat16"
        case .int8: return "int8"
        case .int16: return "int16"
        case .int32: return "int32"
        case .int64: return "int64"
        case .uint8: return "uint8"
        case .uint16: return "uint16"
        case .uint32: return "uint32"
        case .uint64: return "uint64"
        case .bool: return "bool"
        default: return t.description
        }
    }

    // MARK: Python -> Swift

    static func toSwift(_ o: PyRef) throws -> PyValue {
        let p = o.ptr
        if parity_py_is_none(p) != 0 { return .none }
        if parity_py_is_bool(p) != 0 { return .bool(p == parity_py_true()) }
        if parity_py_is_long(p) != 0 {
            let v = PyLong_AsLongLong(p)
            if v == -1, PyErr_Occurred() != nil { throw fetchError() }
            return .int(Int(v))
        }
        if parity_py_is_float(p) != 0 { return .double(PyFloat_AsDouble(p)) }
        if parity_py_is_unicode(p) != 0 {
            guard let c = PyUnicode_AsUTF8(p) else { throw fetchError() }
            return withExtendedLifetime(o) { .string(String(cString: c)) }
        }
        if parity_py_is_list(p) != 0 || parity_py_is_tuple(p) != 0 {
            let seq = try PyRef(owned: PySequence_List(p))
            let n = PyList_Size(seq.ptr)
            var out: [PyValue] = []
            out.reserveCapacity(n)
            try withExtendedLifetime(seq) {
                for i in 0..<n {
                    guard let item = PyList_GetItem(seq.ptr, i) else { throw fetchError() }
                    out.append(try toSwift(PyRef(borrowed: item)))
                }
            }
            return .list(out)
        }
        if parity_py_is_dict(p) != 0 {
            var out: [String: PyValue] = [:]
            var pos: Py_ssize_t = 0
            var key: UnsafeMutablePointer<PyObject>?
            var value: UnsafeMutablePointer<PyObject>?
            while PyDict_Next(p, &pos, &key, &value) != 0 {
                guard let key, let value else { continue }
                guard let kc = PyUnicode_AsUTF8(key) else { PyErr_Clear(); throw PythonError.conversion("dict keys must be strings") }
                out[String(cString: kc)] = try toSwift(PyRef(borrowed: value))
            }
            return .dict(out)
        }
        if parity_py_check_buffer(p) != 0 && parity_py_is_bytes(p) == 0 {
            return .tensor(try bufferToTensor(o))
        }
        throw PythonError.conversion("cannot convert a Python \(o.typeName) to a Swift value")
    }

    /// numpy array (any layout) -> Tensor through the buffer protocol, with one copy.
    static func bufferToTensor(_ o: PyRef) throws -> Tensor {
        let numpy = try importModule("numpy")
        let contiguous = try numpy.attr("ascontiguousarray").call([o])
        var view = Py_buffer()
        guard PyObject_GetBuffer(contiguous.ptr, &view, parity_buffer_flags()) == 0 else { throw fetchError() }
        defer { PyBuffer_Release(&view) }
        let shape = (0..<Int(view.ndim)).map { Int(view.shape?[$0] ?? 0) }
        var format = view.format.map { String(cString: $0) } ?? "B"
        if let f = format.first, "<>=@!".contains(f) {
            if f == ">" || f == "!" { throw PythonError.conversion("big-endian arrays are not supported") }
            format.removeFirst()
        }
        let itemsize = Int(view.itemsize)
        let dt: DataType
        switch (format, itemsize) {
        case ("f", 4): dt = .float
        case ("d", 8): dt = .double
        case ("e", 2): dt = .float16
        case ("?", 1): dt = .bool
        case ("b", 1): dt = .int8
        case ("B", 1): dt = .uint8
        case ("h", 2): dt = .int16
        case ("H", 2): dt = .uint16
        case ("i", 4), ("l", 4): dt = .int32
        case ("I", 4), ("L", 4): dt = .uint32
        case ("l", 8), ("q", 8): dt = .int64
        case ("L", 8), ("Q", 8): dt = .uint64
        default: throw PythonError.conversion("array format '\(format)' (itemsize \(itemsize)) is not supported")
        }
        let n = Tensor.elementCount(shape)
        guard view.len == n * itemsize, let buf = view.buf else {
            if n == 0 { return Tensor.zeros(dt, shape: shape) }
            throw PythonError.conversion("buffer of \(view.len) bytes does not match shape \(shape)")
        }
        let data = Data(bytes: buf, count: view.len)
        let storage = try Tensor.decodeRaw(data, dt, n, name: "numpy array")
        return Tensor(uncheckedType: dt, shape: shape, storage: storage)
    }
}
