import OnnxFormat

/// TfIdfVectorizer: counts the n-grams of `pool_int64s`/`pool_strings` in each row of X
/// (ai.onnx TfIdfVectorizer, opset 9+). The pool lists the n-grams by size:
/// `ngram_counts[i]` is where the (i+1)-grams start; n-gram k of the pool (in order, all
/// sizes) is counted in output column `ngram_indexes[k]`. Only sizes in
/// [min_gram_length, max_gram_length] are counted; n-grams are taken with gaps of 0 to
/// `max_skip_count` items (unigrams once). `mode` TF gives the counts, IDF 1 (or `weights`)
/// where the count is positive, TFIDF the counts times `weights` (or the counts). X is
/// [C] or [B, C] of int32, int64 or strings; Y is float [output size] or [B, output size],
/// output size = max(ngram_indexes) + 1. Walks a prefix table as onnx's reference walks
/// its trie.
struct TfIdfVectorizer: Operator {
    enum Token: Hashable { case int(Int64), string(String) }
    enum Mode: String { case TF, IDF, TFIDF }
    let node: NodeInfo
    let mode: Mode
    let minGram: Int, maxGram: Int, maxSkip: Int
    let indexes: [Int]
    let weights: [Float]
    let outputSize: Int
    /// n-gram (as tokens) to its 1-based pool id, for the counted sizes.
    let ids: [[Token]: Int]
    /// Every prefix of a counted n-gram (the trie's nodes).
    let prefixes: Set<[Token]>

    init(_ node: NodeInfo) throws {
        self.node = node
        let m = try node.string("mode", default: "")
        guard let mode = Mode(rawValue: m) else { throw RuntimeError.node(node, "attribute 'mode' = '\(m)' is not TF, IDF or TFIDF") }
        self.mode = mode
        minGram = try node.int("min_gram_length", default: 0)
        maxGram = try node.int("max_gram_length", default: 0)
        maxSkip = try node.int("max_skip_count", default: 0)
        guard minGram >= 1, maxGram >= minGram, maxSkip >= 0, maxSkip < 1 << 16 else {
            throw RuntimeError.node(node, "need 1 <= min_gram_length <= max_gram_length and max_skip_count >= 0")
        }
        let counts = try node.ints("ngram_counts", default: [])
        indexes = try node.ints("ngram_indexes", default: [])
        weights = node.floats("weights") ?? []
        let pool: [Token]
        if let p = try node.ints("pool_int64s"), !p.isEmpty {
            pool = p.map { .int(Int64($0)) }
        } else {
            pool = (node.strings("pool_strings") ?? []).map { .string($0) }
        }
        guard let top = indexes.max(), top >= 0, indexes.allSatisfy({ $0 >= 0 }) else {
            throw RuntimeError.node(node, "attribute 'ngram_indexes' must be non-empty and non-negative")
        }
        outputSize = top + 1
        if !weights.isEmpty && weights.count < outputSize {
            throw RuntimeError.node(node, "attribute 'weights' has \(weights.count) entries, the output \(outputSize)")
        }
        var ids: [[Token]: Int] = [:], prefixes: Set<[Token]> = []
        var id = 1
        for (i, start) in counts.enumerated() {
            let size = i + 1
            let end = i + 1 < counts.count ? counts[i + 1] : pool.count
            guard start >= 0, start <= end, end <= pool.count else {
                throw RuntimeError.node(node, "attribute 'ngram_counts' \(counts) does not fit a pool of \(pool.count)")
            }
            let grams = (end - start) / size
            if size >= minGram && size <= maxGram {
                for g in 0..<grams {
                    let gram = Array(pool[(start + g * size)..<(start + (g + 1) * size)])
                    guard id - 1 < indexes.count else {
                        throw RuntimeError.node(node, "attribute 'ngram_indexes' has \(indexes.count) entries, the pool more n-grams")
                    }
                    ids[gram] = id
                    for l in 1...size { prefixes.insert(Array(gram[..<l])) }
                    id += 1
                }
            } else {
                id += grams
            }
        }
        self.ids = ids
        self.prefixes = prefixes
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let tokens: [Token]
        switch x.storage {
        case .string(let s): tokens = s.map { .string($0) }
        case .int32, .int64: tokens = (x.asInt64s() ?? []).map { .int($0) }
        default: throw RuntimeError.node(node, "X has element type \(x.dataType), expected int32, int64 or string")
        }
        guard x.rank <= 2 else { throw RuntimeError.node(node, "X must be [C] or [B, C], got \(x.shape)") }
        let rows = x.rank == 2 ? x.shape[0] : 1, c = x.rank == 0 ? 1 : x.shape[x.rank - 1]
        var freq = [Int](repeating: 0, count: rows * outputSize)
        if !ids.isEmpty {
            for r in 0..<rows {
                let row = Array(tokens[(r * c)..<((r + 1) * c)])
                var startSize = minGram
                for skip in 1...(maxSkip + 1) {
                    for s in 0..<c {
                        if s + skip * (startSize - 1) >= c { break }
                        var gram: [Token] = []
                        var item = s
                        while gram.count < maxGram && item < c {
                            gram.append(row[item])
                            guard prefixes.contains(gram) else { break }
                            if gram.count >= startSize, let id = ids[gram] {
                                freq[r * outputSize + indexes[id - 1]] += 1
                            }
                            item += skip
                        }
                    }
                    if startSize == 1 {
                        startSize += 1
                        if startSize > maxGram { break }
                    }
                }
            }
        }
        var y = [Float](repeating: 0, count: freq.count)
        for (p, f) in freq.enumerated() {
            let col = p % outputSize
            switch mode {
            case .TF: y[p] = Float(f)
            case .IDF: y[p] = f > 0 ? (weights.isEmpty ? 1 : weights[col]) : 0
            case .TFIDF: y[p] = weights.isEmpty ? Float(f) : weights[col] * Float(f)
            }
        }
        let shape = x.rank == 2 ? [rows, outputSize] : [outputSize]
        return [Tensor(shape: shape, floats: y)]
    }
}

extension TfIdfVectorizer: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        guard let s = inputs.at(0)?.shape else { return [ValueType(.float, nil)] }
        return [ValueType(.float, s.count == 2 ? [s[0], .fixed(outputSize)] : [.fixed(outputSize)])]
    }
}
