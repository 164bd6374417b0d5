import Foundation

/// Reading and writing NumPy `.npy` files.
///
/// Reads format versions 1.0, 2.0 and 3.0; little-, big- and no-endian descriptors
/// (`<f4`, `>f8`, `|b1`, `=i4`); C and Fortran order (Fortran-ordered data is transposed to
/// the row-major order `Tensor` uses); 0-d arrays; and these element types:
///
/// | npy            | `DataType`                       |
/// |----------------|----------------------------------|
/// | `f2` `f4` `f8` | `.float16` `.float` `.double`    |
/// | `i1`…`i8`      | `.int8` `.int16` `.int32` `.int64` |
/// | `u1`…`u8`      | `.uint8` `.uint16` `.uint32` `.uint64` |
/// | `b1` (`?`)     | `.bool`                          |
/// | `U<n>`, `S<n>` | `.string` (trailing NULs removed; `S` decoded as UTF-8) |
///
/// Object arrays (`|O`, which are pickles), complex, datetime, void and structured dtypes
/// are refused with an error. Writes version 1.0 (2.0 if the header is longer than 65535
/// bytes), little-endian, C order, header padded to 64 bytes as NumPy does; strings are
/// written as `<U<n>` with `n` the longest string's length in Unicode scalars.
///
/// Every malformed input throws an ``ArrayFileError`` naming the file; nothing traps.
public enum Npy {
    /// The six bytes every `.npy` file starts with.
    public static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // "\x93NUMPY"

    /// Reads the `.npy` file at `path`.
    public static func read(path: String) throws -> Tensor {
        try decode(try ArrayFileReading.readFile(path), name: path)
    }

    /// Decodes the bytes of a `.npy` file; `name` is the file named in error messages.
    public static func decode(_ data: Data, name: String) throws -> Tensor {
        func fail(_ reason: String) -> ArrayFileError { ArrayFileError(file: name, reason) }
        let r = ByteReader(data)

        // Preamble: magic, version, header length.
        for (i, m) in magic.enumerated() {
            guard let b = r.u8(i) else {
                throw fail(data.isEmpty ? "file is empty, not an .npy file" : "truncated header (\(data.count) bytes)")
            }
            guard b == m else { throw fail("not an .npy file (bad magic; expected \\x93NUMPY)") }
        }
        guard let major = r.u8(6), let minor = r.u8(7) else { throw fail("truncated header (\(data.count) bytes)") }
        let headerLength: Int, headerStart: Int
        switch major {
        case 1:
            guard let n = r.u16(8) else { throw fail("truncated header (\(data.count) bytes)") }
            headerLength = Int(n); headerStart = 10
        case 2, 3:
            guard let n = r.u32(8) else { throw fail("truncated header (\(data.count) bytes)") }
            headerLength = Int(n); headerStart = 12
        default:
            throw fail("unsupported .npy format version \(major).\(minor) (1.0, 2.0 and 3.0 are supported)")
        }
        guard let headerBytes = r.bytes(headerStart, headerLength) else {
            throw fail("truncated header (header length \(headerLength), only \(max(0, data.count - headerStart)) bytes follow)")
        }
        let headerText: String
        if major == 3 {
            guard let s = String(bytes: headerBytes, encoding: .utf8) else { throw fail("header is not valid UTF-8") }
            headerText = s
        } else {
            // Latin-1: every byte is the Unicode scalar of the same value.
            headerText = String(String.UnicodeScalarView(headerBytes.map { Unicode.Scalar($0) }))
        }
        let header = try Header.parse(headerText, fail: fail)

        // Data.
        let count = Tensor.elementCount(header.shape)
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: header.element.itemSize)
        guard count != Int.max, !overflow else { throw fail("shape \(header.shapeText) is too large") }
        let dataStart = headerStart + headerLength
        let available = data.count - dataStart
        guard available >= byteCount else {
            throw fail("truncated data: shape \(header.shapeText) of '\(header.descr)' needs \(byteCount) bytes, file has \(available)")
        }
        guard available == byteCount else {
            throw fail("data has \(available) bytes, shape \(header.shapeText) of '\(header.descr)' needs \(byteCount) (shape and data disagree)")
        }
        guard var payload = r.bytes(dataStart, byteCount) else { throw fail("truncated data") }

        if header.swapBytes || (header.fortranOrder && header.shape.count > 1) {
            var bytes = [UInt8](payload)
            if header.swapBytes { swapBytes(&bytes, unit: header.element.swapUnit) }
            if header.fortranOrder && header.shape.count > 1 {
                bytes = fortranToC(bytes, shape: header.shape, itemSize: header.element.itemSize)
            }
            payload = Data(bytes)
        }

        let storage: TensorStorage
        switch header.element {
        case .numeric(let dt, _):
            do { storage = try Tensor.decodeRaw(payload, dt, count, name: name) } catch {
                throw fail("cannot decode data (\(error))")
            }
            return try makeTensor(dt, header.shape, storage, fail: fail)
        case .unicode(let chars):
            storage = .string(try decodeUnicode(payload, count: count, chars: chars, fail: fail))
        case .bytes(let n):
            storage = .string(decodeByteStrings(payload, count: count, size: n))
        }
        return try makeTensor(.string, header.shape, storage, fail: fail)
    }

    /// Encodes a tensor as the bytes of a `.npy` file (see the type's documentation for the
    /// layout). Throws for element types NumPy has no dtype for (bfloat16, float8, 4-bit,
    /// complex).
    public static func encode(_ tensor: Tensor) throws -> Data {
        try encode(tensor, name: "<npy>")
    }

    /// Writes `tensor` to `path` as a `.npy` file, through a temporary file and a rename.
    public static func write(_ tensor: Tensor, to path: String) throws {
        try ArrayFileReading.writeFile(try encode(tensor, name: path), to: path)
    }

    static func encode(_ tensor: Tensor, name: String) throws -> Data {
        func fail(_ reason: String) -> ArrayFileError { ArrayFileError(file: name, reason) }
        guard Tensor.elementCount(tensor.shape) == tensor.storage.count, tensor.shape.allSatisfy({ $0 >= 0 }) else {
            throw fail("tensor shape \(tensor.shape) does not match its \(tensor.storage.count) elements")
        }
        func raw<T>(_ a: [T]) -> Data { a.withUnsafeBytes { Data($0) } }
        let descr: String
        let body: Data
        switch (tensor.dataType, tensor.storage) {
        case (.float, .float(let a)): descr = "<f4"; body = raw(a)
        case (.double, .double(let a)): descr = "<f8"; body = raw(a)
        case (.float16, .bits16(let a)): descr = "<f2"; body = raw(a)
        case (.int8, .int8(let a)): descr = "|i1"; body = raw(a)
        case (.int16, .int16(let a)): descr = "<i2"; body = raw(a)
        case (.int32, .int32(let a)): descr = "<i4"; body = raw(a)
        case (.int64, .int64(let a)): descr = "<i8"; body = raw(a)
        case (.uint8, .uint8(let a)): descr = "|u1"; body = raw(a)
        case (.uint16, .uint16(let a)): descr = "<u2"; body = raw(a)
        case (.uint32, .uint32(let a)): descr = "<u4"; body = raw(a)
        case (.uint64, .uint64(let a)): descr = "<u8"; body = raw(a)
        case (.bool, .bool(let a)): descr = "|b1"; body = Data(a.map { $0 ? 1 : 0 })
        case (.string, .string(let a)):
            let scalars = a.map { Array($0.unicodeScalars) }
            let width = max(1, scalars.map(\.count).max() ?? 1)
            descr = "<U\(width)"
            var d = Data(capacity: width * 4 * a.count)
            for s in scalars {
                for u in s { d.appendLE(u.value) }
                for _ in s.count ..< width { d.appendLE(UInt32(0)) }
            }
            body = d
        default:
            throw fail("NumPy has no dtype for \(tensor.dataType) tensors; cannot write it as .npy")
        }

        let shapeText = tensor.shape.count == 1 ? "(\(tensor.shape[0]),)"
            : "(" + tensor.shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }"
        // Pad with spaces so that preamble + header + "\n" is a multiple of 64 bytes.
        var preamble = 10
        if header.utf8.count + 1 + preamble > 65535 { preamble = 12 }
        let unpadded = preamble + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"

        var out = Data(capacity: preamble + header.utf8.count + body.count)
        out.append(contentsOf: magic)
        if preamble == 10 {
            out.append(contentsOf: [1, 0])
            out.appendLE(UInt16(header.utf8.count))
        } else {
            out.append(contentsOf: [2, 0])
            out.appendLE(UInt32(header.utf8.count))
        }
        out.append(contentsOf: Array(header.utf8))
        out.append(body)
        return out
    }

    // MARK: - Header

    /// What a `descr` says about one element.
    enum Element {
        case numeric(DataType, size: Int)
        /// `U<n>`: n UCS-4 code units.
        case unicode(chars: Int)
        /// `S<n>`: n bytes.
        case bytes(Int)

        var itemSize: Int {
            switch self {
            case .numeric(_, let s): return s
            case .unicode(let n): return 4 * n
            case .bytes(let n): return n
            }
        }

        /// The width of the units whose bytes a big-endian file stores reversed.
        var swapUnit: Int {
            switch self {
            case .numeric(_, let s): return s
            case .unicode: return 4
            case .bytes: return 1
            }
        }
    }

    struct Header {
        var descr: String
        var element: Element
        var swapBytes: Bool
        var fortranOrder: Bool
        var shape: [Int]

        var shapeText: String {
            shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }

        static func parse(_ text: String, fail: (String) -> ArrayFileError) throws -> Header {
            var parser = PyLiteralParser(text)
            let value: PyLiteral
            do { value = try parser.parseTop() } catch let e as PyLiteralParser.SyntaxError {
                throw fail("malformed header (\(e.message)): \(abbreviated(text))")
            }
            guard case .dict(let entries) = value else {
                throw fail("malformed header (not a dictionary): \(abbreviated(text))")
            }
            var descrValue: PyLiteral?, fortranValue: PyLiteral?, shapeValue: PyLiteral?
            for (key, v) in entries {
                switch key {
                case "descr": descrValue = v
                case "fortran_order": fortranValue = v
                case "shape": shapeValue = v
                default: throw fail("header has an unexpected key '\(key)'")
                }
            }
            guard let descrValue else { throw fail("header has no 'descr'") }
            guard let fortranValue else { throw fail("header has no 'fortran_order'") }
            guard let shapeValue else { throw fail("header has no 'shape'") }

            guard case .string(let descr) = descrValue else {
                if case .list = descrValue { throw fail("structured dtypes are not supported (descr is a list)") }
                throw fail("header 'descr' is not a string")
            }
            guard case .bool(let fortran) = fortranValue else { throw fail("header 'fortran_order' is not True or False") }
            let dims: [PyLiteral]
            switch shapeValue {
            case .tuple(let a), .list(let a): dims = a
            default: throw fail("header 'shape' is not a tuple")
            }
            var shape: [Int] = []
            for d in dims {
                guard case .int(let v) = d, v >= 0 else { throw fail("header 'shape' has an invalid dimension") }
                shape.append(v)
            }
            let (element, swap) = try parseDescr(descr, fail: fail)
            return Header(descr: descr, element: element, swapBytes: swap, fortranOrder: fortran, shape: shape)
        }

        static func abbreviated(_ s: String) -> String {
            let oneLine = s.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
            return oneLine.count > 120 ? String(oneLine.prefix(120)) + "…" : oneLine
        }

        /// Parses a dtype string such as `<f4`; returns the element and whether its bytes are
        /// big-endian (so need swapping on this little-endian host).
        static func parseDescr(_ descr: String, fail: (String) -> ArrayFileError) throws -> (Element, Bool) {
            var chars = Substring(descr)
            var bigEndian = false
            if let c = chars.first, "<>|=".contains(c) {
                bigEndian = c == ">"
                chars = chars.dropFirst()
            }
            guard let kind = chars.first else { throw fail("empty dtype descr '\(descr)'") }
            let sizeText = chars.dropFirst()
            let size = sizeText.isEmpty ? nil : Int(sizeText)
            if !sizeText.isEmpty && size == nil {
                throw fail("unsupported dtype '\(descr)'")
            }
            switch (kind, size) {
            case ("f", 2): return (.numeric(.float16, size: 2), bigEndian)
            case ("f", 4): return (.numeric(.float, size: 4), bigEndian)
            case ("f", 8): return (.numeric(.double, size: 8), bigEndian)
            case ("i", 1): return (.numeric(.int8, size: 1), false)
            case ("i", 2): return (.numeric(.int16, size: 2), bigEndian)
            case ("i", 4): return (.numeric(.int32, size: 4), bigEndian)
            case ("i", 8): return (.numeric(.int64, size: 8), bigEndian)
            case ("u", 1): return (.numeric(.uint8, size: 1), false)
            case ("u", 2): return (.numeric(.uint16, size: 2), bigEndian)
            case ("u", 4): return (.numeric(.uint32, size: 4), bigEndian)
            case ("u", 8): return (.numeric(.uint64, size: 8), bigEndian)
            case ("b", 1), ("?", 1), ("?", nil): return (.numeric(.bool, size: 1), false)
            case ("U", let n?) where n >= 0 && n < (1 << 28): return (.unicode(chars: n), bigEndian)
            case ("S", let n?) where n >= 0 && n < (1 << 30), ("a", let n?) where n >= 0 && n < (1 << 30):
                return (.bytes(n), false)
            case ("O", _):
                throw fail("object arrays ('\(descr)') are pickled Python objects and are not supported")
            case ("c", _): throw fail("complex dtype '\(descr)' is not supported")
            case ("f", _): throw fail("float dtype '\(descr)' is not supported (only f2, f4, f8)")
            case ("M", _), ("m", _): throw fail("datetime dtype '\(descr)' is not supported")
            case ("V", _): throw fail("void/structured dtype '\(descr)' is not supported")
            default: throw fail("unsupported dtype '\(descr)'")
            }
        }
    }

    // MARK: - Data helpers

    static func makeTensor(_ dt: DataType, _ shape: [Int], _ storage: TensorStorage,
                           fail: (String) -> ArrayFileError) throws -> Tensor {
        do { return try Tensor(dataType: dt, shape: shape, storage: storage) } catch {
            throw fail("\(error)")
        }
    }

    /// Reverses the bytes of every `unit`-byte group in place.
    static func swapBytes(_ bytes: inout [UInt8], unit: Int) {
        guard unit > 1 else { return }
        var i = 0
        while i + unit <= bytes.count {
            bytes[i ..< i + unit].reverse()
            i += unit
        }
    }

    /// Reorders elements stored column-major (first index fastest) into row-major order.
    static func fortranToC(_ bytes: [UInt8], shape: [Int], itemSize: Int) -> [UInt8] {
        let rank = shape.count
        let n = Tensor.elementCount(shape)
        guard rank > 1, n > 0, itemSize > 0, bytes.count == n * itemSize else { return bytes }
        // Fortran strides, in elements.
        var fstride = [Int](repeating: 1, count: rank)
        for k in 1 ..< rank { fstride[k] = fstride[k - 1] * shape[k - 1] }
        var out = [UInt8](repeating: 0, count: bytes.count)
        var index = [Int](repeating: 0, count: rank)
        var source = 0  // Fortran element offset of `index`
        for c in 0 ..< n {
            let s = source * itemSize, d = c * itemSize
            for b in 0 ..< itemSize { out[d + b] = bytes[s + b] }
            // Advance the row-major multi-index (last dimension fastest).
            var k = rank - 1
            while k >= 0 {
                index[k] += 1
                source += fstride[k]
                if index[k] < shape[k] { break }
                source -= fstride[k] * shape[k]
                index[k] = 0
                k -= 1
            }
        }
        return out
    }

    static func decodeUnicode(_ payload: Data, count: Int, chars: Int,
                              fail: (String) -> ArrayFileError) throws -> [String] {
        let r = ByteReader(payload)
        var result: [String] = []
        result.reserveCapacity(count)
        for e in 0 ..< count {
            var scalars = String.UnicodeScalarView()
            var units: [UInt32] = []
            units.reserveCapacity(chars)
            for c in 0 ..< chars {
                guard let u = r.u32((e * chars + c) * 4) else { throw fail("truncated string data") }
                units.append(u)
            }
            while let last = units.last, last == 0 { units.removeLast() }
            for u in units {
                guard let s = Unicode.Scalar(u) else {
                    throw fail("string element \(e) has an invalid code point 0x\(String(u, radix: 16))")
                }
                scalars.append(s)
            }
            result.append(String(scalars))
        }
        return result
    }

    static func decodeByteStrings(_ payload: Data, count: Int, size: Int) -> [String] {
        let r = ByteReader(payload)
        var result: [String] = []
        result.reserveCapacity(count)
        for e in 0 ..< count {
            var chunk = [UInt8](r.bytes(e * size, size) ?? Data())
            while let last = chunk.last, last == 0 { chunk.removeLast() }
            result.append(String(decoding: chunk, as: UTF8.self))
        }
        return result
    }
}

// MARK: - Python literal parser (for .npy headers)

/// A Python literal as found in a `.npy` header.
enum PyLiteral {
    case string(String)
    case int(Int)
    case bool(Bool)
    case none
    case tuple([PyLiteral])
    case list([PyLiteral])
    case dict([(String, PyLiteral)])
}

/// A small recursive-descent parser for the subset of Python literal syntax NumPy writes
/// in headers: dicts with string keys, tuples, lists, strings, integers (an `L` suffix from
/// Python 2 files is accepted), `True`, `False`, `None`.
struct PyLiteralParser {
    struct SyntaxError: Error { let message: String }

    private let s: [Unicode.Scalar]
    private var i = 0
    private var depth = 0

    init(_ text: String) { s = Array(text.unicodeScalars) }

    mutating func parseTop() throws -> PyLiteral {
        let v = try parseValue()
        skipSpace()
        guard i == s.count else { throw SyntaxError(message: "unexpected text after the dictionary at offset \(i)") }
        return v
    }

    private mutating func skipSpace() {
        while i < s.count, s[i] == " " || s[i] == "\t" || s[i] == "\n" || s[i] == "\r" { i += 1 }
    }

    private func peek() -> Unicode.Scalar? { i < s.count ? s[i] : nil }

    private mutating func expect(_ c: Unicode.Scalar) throws {
        skipSpace()
        guard peek() == c else {
            throw SyntaxError(message: "expected '\(c)' at offset \(i)")
        }
        i += 1
    }

    private mutating func parseValue() throws -> PyLiteral {
        skipSpace()
        guard let c = peek() else { throw SyntaxError(message: "unexpected end of header") }
        switch c {
        case "{":
            return try nested { p in .dict(try p.parseDict()) }
        case "(":
            return try nested { p in .tuple(try p.parseSequence(close: ")")) }
        case "[":
            return try nested { p in .list(try p.parseSequence(close: "]")) }
        case "'", "\"":
            return .string(try parseString())
        case "-", "0"..."9":
            return .int(try parseInt())
        default:
            var word = ""
            while let ch = peek(), ch.properties.isAlphabetic || ch == "_" {
                word.unicodeScalars.append(ch); i += 1
            }
            switch word {
            case "True": return .bool(true)
            case "False": return .bool(false)
            case "None": return .none
            default: throw SyntaxError(message: "unexpected '\(word.isEmpty ? String(c) : word)' at offset \(i)")
            }
        }
    }

    private mutating func nested(_ body: (inout PyLiteralParser) throws -> PyLiteral) throws -> PyLiteral {
        depth += 1
        defer { depth -= 1 }
        guard depth <= 32 else { throw SyntaxError(message: "nesting too deep") }
        i += 1  // the opening bracket
        return try body(&self)
    }

    private mutating func parseDict() throws -> [(String, PyLiteral)] {
        var entries: [(String, PyLiteral)] = []
        while true {
            skipSpace()
            if peek() == "}" { i += 1; return entries }
            guard case .string(let key) = try parseValue() else {
                throw SyntaxError(message: "dictionary key is not a string at offset \(i)")
            }
            try expect(":")
            entries.append((key, try parseValue()))
            skipSpace()
            if peek() == "," { i += 1; continue }
            try expect("}")
            return entries
        }
    }

    private mutating func parseSequence(close: Unicode.Scalar) throws -> [PyLiteral] {
        var items: [PyLiteral] = []
        while true {
            skipSpace()
            if peek() == close { i += 1; return items }
            items.append(try parseValue())
            skipSpace()
            if peek() == "," { i += 1; continue }
            try expect(close)
            return items
        }
    }

    private mutating func parseString() throws -> String {
        guard let quote = peek() else { throw SyntaxError(message: "unexpected end of header") }
        i += 1
        var out = String.UnicodeScalarView()
        while true {
            guard let c = peek() else { throw SyntaxError(message: "unterminated string") }
            i += 1
            if c == quote { return String(out) }
            if c == "\\" {
                guard let e = peek() else { throw SyntaxError(message: "unterminated string") }
                i += 1
                switch e {
                case "n": out.append("\n")
                case "t": out.append("\t")
                default: out.append(e)
                }
            } else {
                out.append(c)
            }
        }
    }

    private mutating func parseInt() throws -> Int {
        var negative = false
        if peek() == "-" { negative = true; i += 1 }
        var value = 0
        var digits = 0
        while let c = peek(), let d = Int(String(c)), ("0"..."9").contains(c) {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(d)
            guard !o1, !o2 else { throw SyntaxError(message: "integer too large at offset \(i)") }
            value = a
            digits += 1
            i += 1
        }
        guard digits > 0 else { throw SyntaxError(message: "expected digits at offset \(i)") }
        if peek() == "L" || peek() == "l" { i += 1 }  // Python 2 long suffix
        return negative ? -value : value
    }
}
