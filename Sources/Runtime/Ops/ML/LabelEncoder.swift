import OnnxFormat

/// LabelEncoder: maps each element of X through a key -> value table (ai.onnx.ml
/// LabelEncoder). Opset 1: `classes_strings`, strings to their index (int64) or back, with
/// `default_int64` / `default_string`. Opsets 2-3: `keys_*` and `values_*` lists (floats,
/// int64s, strings) with `default_float` / `default_int64` / `default_string`. Opset 4 adds
/// `keys_tensor`, `values_tensor` and `default_tensor` (any of string, int64, int32,
/// int16, float, double). Float keys match NaN to NaN.
struct LabelEncoder: Operator {
    /// A key or value: numbers are held as Double (exact for every allowed int type).
    enum Item: Hashable {
        case number(Double), string(String)
        /// NaN keys are all one key.
        var canonical: Item {
            if case .number(let d) = self, d.isNaN { return .number(.nan) }
            return self
        }
        static func == (a: Item, b: Item) -> Bool {
            switch (a, b) {
            case (.number(let x), .number(let y)): return x == y || (x.isNaN && y.isNaN)
            case (.string(let x), .string(let y)): return x == y
            default: return false
            }
        }
        func hash(into h: inout Hasher) {
            switch self {
            case .number(let d): h.combine(0); h.combine(d.isNaN ? Double.nan.bitPattern : (d == 0 ? 0 : d.bitPattern))
            case .string(let s): h.combine(1); h.combine(s)
            }
        }
    }

    let node: NodeInfo
    let table: [Item: Item]
    let defaultValue: Item
    let outputType: DataType

    init(_ node: NodeInfo) throws {
        self.node = node
        func items(_ t: Tensor, _ what: String) throws -> ([Item], DataType) {
            if case .string(let s) = t.storage { return (s.map(Item.string), .string) }
            return (try ML.numbers(t, node, what).map(Item.number), t.dataType)
        }
        if node.opset < 2 {
            let classes = node.strings("classes_strings") ?? []
            var m: [Item: Item] = [:]
            for (i, c) in classes.enumerated() {
                if m[.string(c)] == nil { m[.string(c)] = .number(Double(i)) }
                if m[.number(Double(i))] == nil { m[.number(Double(i))] = .string(c) }
            }
            table = m
            // The output type depends on the input's: resolved per run.
            defaultValue = .number(Double(try node.int("default_int64", default: -1)))
            outputType = .int64
            defaultStringV1 = try node.string("default_string", default: "_Unused")
            return
        }
        defaultStringV1 = ""
        var keys: [Item] = []
        if let t = try node.tensor("keys_tensor") {
            keys = try items(t, "keys_tensor").0
        } else if let s = ML.nonEmptyStrings(node, "keys_strings") {
            keys = s.map(Item.string)
        } else if let i = try ML.nonEmptyInts(node, "keys_int64s") {
            keys = i.map { .number(Double($0)) }
        } else if let f = node.floats("keys_floats"), !f.isEmpty {
            keys = f.map { .number(Double($0)) }
        } else {
            throw RuntimeError.node(node, "needs keys_strings, keys_int64s, keys_floats or keys_tensor")
        }
        var values: [Item] = []
        var type: DataType
        var def: Item
        if let t = try node.tensor("values_tensor") {
            (values, type) = try items(t, "values_tensor")
            if let d = try node.tensor("default_tensor") {
                guard d.count == 1 else { throw RuntimeError.node(node, "default_tensor must hold one element") }
                let (v, dt) = try items(d, "default_tensor")
                guard dt == type else { throw RuntimeError.node(node, "default_tensor is \(dt), values_tensor \(type)") }
                def = v[0]
            } else {
                def = type == .string ? .string("_Unused") : .number(type == .float || type == .double ? -0.0 : -1)
            }
        } else if let s = ML.nonEmptyStrings(node, "values_strings") {
            (values, type) = (s.map(Item.string), .string)
            def = .string(try node.string("default_string", default: "_Unused"))
        } else if let i = try ML.nonEmptyInts(node, "values_int64s") {
            (values, type) = (i.map { .number(Double($0)) }, .int64)
            def = .number(Double(try node.int("default_int64", default: -1)))
        } else if let f = node.floats("values_floats"), !f.isEmpty {
            (values, type) = (f.map { .number(Double($0)) }, .float)
            def = .number(Double(try node.float("default_float", default: -0.0)))
        } else {
            throw RuntimeError.node(node, "needs values_strings, values_int64s, values_floats or values_tensor")
        }
        guard keys.count == values.count else {
            throw RuntimeError.node(node, "\(keys.count) keys but \(values.count) values")
        }
        var m: [Item: Item] = [:]
        for (k, v) in zip(keys, values) where m[k.canonical] == nil { m[k.canonical] = v }
        table = m
        defaultValue = def
        outputType = type
    }
    /// Opset 1's default for int64 -> string.
    let defaultStringV1: String

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let keys: [Item]
        if case .string(let s) = x.storage { keys = s.map(Item.string) } else { keys = try ML.numbers(x, node).map(Item.number) }
        var type = outputType
        var def = defaultValue
        if node.opset < 2 {
            type = x.dataType == .string ? .int64 : .string
            if type == .string { def = .string(defaultStringV1) }
        }
        let out = keys.map { table[$0.canonical] ?? def }
        return [try Self.tensor(out, shape: x.shape, type: type, node)]
    }

    static func tensor(_ items: [Item], shape: [Int], type: DataType, _ node: NodeInfo) throws -> Tensor {
        func nums() throws -> [Double] {
            try items.map {
                guard case .number(let d) = $0 else { throw RuntimeError.node(node, "a string value in a \(type) table") }
                return d
            }
        }
        let s: TensorStorage
        switch type {
        case .string:
            s = .string(try items.map {
                guard case .string(let v) = $0 else { throw RuntimeError.node(node, "a number in a string table") }
                return v
            })
        case .int64: s = .int64(try nums().map(ML.int64))
        case .int32: s = .int32(try nums().map { Int32(clamping: ML.int64($0)) })
        case .int16: s = .int16(try nums().map { Int16(clamping: ML.int64($0)) })
        case .float: s = .float(try nums().map { Float($0) })
        case .double: s = .double(try nums())
        default: throw RuntimeError.node(node, "values of type \(type) are not supported")
        }
        return Tensor(uncheckedType: type, shape: shape, storage: s)
    }
}

extension LabelEncoder: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let x = inputs.at(0)
        if node.opset < 2 {
            let t: DataType? = x?.dataType == .string ? .int64 : (x?.dataType == nil ? nil : .string)
            return [ValueType(t, x?.shape)]
        }
        return [ValueType(outputType, x?.shape)]
    }
}
