import OnnxFormat

/// A tree ensemble in one flat form that TreeEnsembleRegressor, TreeEnsembleClassifier
/// (ml opsets 1-3, nodes named by (tree id, node id)) and TreeEnsemble (ml opset 5, nodes by
/// index with separate leaves) are all read into: decision nodes with resolved children,
/// leaves holding (target or class, weight) pairs, and one root per tree.
struct TreeForest: Sendable {
    enum Mode: Sendable { case leq, lt, gte, gt, eq, neq, member }
    enum Child: Sendable, Equatable { case node(Int), leaf(Int) }
    struct Split: Sendable {
        var feature: Int
        var mode: Mode
        var threshold: Double
        var members: Set<Double>
        var missingTracksTrue: Bool
        var whenTrue: Child
        var whenFalse: Child
    }

    var splits: [Split]
    /// Each leaf's (target or class id, weight) contributions.
    var leaves: [[(id: Int, weight: Double)]]
    var roots: [Child]
    /// opset 1-3 semantics: a NaN feature follows `missingTracksTrue` alone. opset 5: the
    /// comparison decides, and `missingTracksTrue` sends NaN to the true branch as well.
    var nanUsesMissingOnly: Bool
    /// The largest feature index any split reads.
    var maxFeature: Int { splits.map(\.feature).max() ?? -1 }

    /// The leaf each tree sends row `x` (starting at `base` in `values`) to.
    func leaves(_ values: [Double], base: Int, into out: inout [Int]) throws {
        out.removeAll(keepingCapacity: true)
        for root in roots {
            var c = root
            var steps = 0
            while case .node(let i) = c {
                let s = splits[i]
                let x = values[base + s.feature]
                let r: Bool
                if x.isNaN && nanUsesMissingOnly {
                    r = s.missingTracksTrue
                } else {
                    switch s.mode {
                    case .leq: r = x <= s.threshold
                    case .lt: r = x < s.threshold
                    case .gte: r = x >= s.threshold
                    case .gt: r = x > s.threshold
                    case .eq: r = x == s.threshold
                    case .neq: r = x != s.threshold
                    case .member: r = s.members.contains(x)
                    }
                }
                c = (r || (x.isNaN && s.missingTracksTrue)) ? s.whenTrue : s.whenFalse
                steps += 1
                if steps > splits.count { throw RuntimeError("a tree has a cycle") }
            }
            if case .leaf(let l) = c { out.append(l) }
        }
    }

    static func mode(_ s: String, _ node: NodeInfo) throws -> Mode? {
        switch s {
        case "BRANCH_LEQ": return .leq
        case "BRANCH_LT": return .lt
        case "BRANCH_GTE": return .gte
        case "BRANCH_GT": return .gt
        case "BRANCH_EQ": return .eq
        case "BRANCH_NEQ": return .neq
        case "BRANCH_MEMBER": return .member
        case "LEAF": return nil
        default: throw RuntimeError.node(node, "unknown node mode '\(s)'")
        }
    }

    /// Reads the opset 1-3 attributes: `nodes_*` keyed by (treeid, nodeid), and the leaf
    /// contributions from `<prefix>_treeids/_nodeids/_ids/_weights` (target or class).
    init(legacy node: NodeInfo, prefix: String) throws {
        let treeIds = try node.ints("nodes_treeids", default: [])
        let nodeIds = try node.ints("nodes_nodeids", default: [])
        let n = treeIds.count
        guard n > 0 else { throw RuntimeError.node(node, "nodes_treeids is empty") }
        let features = try ML.expect(try node.ints("nodes_featureids", default: []), count: n, "nodes_featureids", node)
        let modes = try ML.expect(node.strings("nodes_modes") ?? [], count: n, "nodes_modes", node)
        let trues = try ML.expect(try node.ints("nodes_truenodeids", default: []), count: n, "nodes_truenodeids", node)
        let falses = try ML.expect(try node.ints("nodes_falsenodeids", default: []), count: n, "nodes_falsenodeids", node)
        _ = try ML.expect(nodeIds, count: n, "nodes_nodeids", node)
        let values = try ML.reals(node, "nodes_values") ?? [Double](repeating: 0, count: n)
        _ = try ML.expect(values, count: n, "nodes_values", node)
        var missing = try node.ints("nodes_missing_value_tracks_true", default: [])
        if missing.isEmpty { missing = [Int](repeating: 0, count: n) }
        _ = try ML.expect(missing, count: n, "nodes_missing_value_tracks_true", node)

        var index: [[Int]: Int] = [:]
        for i in 0..<n where index[[treeIds[i], nodeIds[i]]] == nil { index[[treeIds[i], nodeIds[i]]] = i }
        var parsedModes: [Mode?] = []
        for m in modes {
            let p = try Self.mode(m, node)
            if p == .member { throw RuntimeError.node(node, "BRANCH_MEMBER needs TreeEnsemble (ml opset 5)") }
            parsedModes.append(p)
        }
        // Leaf slots in node order; split slots too.
        var leafOf = [Int](repeating: -1, count: n), splitOf = [Int](repeating: -1, count: n)
        var leafCount = 0, splitCount = 0
        for i in 0..<n {
            if parsedModes[i] == nil { leafOf[i] = leafCount; leafCount += 1 } else { splitOf[i] = splitCount; splitCount += 1 }
        }
        func child(_ tree: Int, _ id: Int) throws -> Child {
            guard let i = index[[tree, id]] else { throw RuntimeError.node(node, "tree \(tree) has no node \(id)") }
            return leafOf[i] >= 0 ? .leaf(leafOf[i]) : .node(splitOf[i])
        }
        var splits: [Split] = []
        for i in 0..<n {
            guard let m = parsedModes[i] else { continue }
            guard features[i] >= 0 else { throw RuntimeError.node(node, "negative feature id \(features[i])") }
            splits.append(Split(feature: features[i], mode: m, threshold: values[i], members: [],
                                missingTracksTrue: missing[i] != 0,
                                whenTrue: try child(treeIds[i], trues[i]), whenFalse: try child(treeIds[i], falses[i])))
        }
        var leaves = [[(id: Int, weight: Double)]](repeating: [], count: leafCount)
        let tIds = try node.ints("\(prefix)_treeids", default: [])
        let tNodes = try ML.expect(try node.ints("\(prefix)_nodeids", default: []), count: tIds.count, "\(prefix)_nodeids", node)
        let ids = try ML.expect(try node.ints("\(prefix)_ids", default: []), count: tIds.count, "\(prefix)_ids", node)
        let weights = try ML.expect(try ML.reals(node, "\(prefix)_weights") ?? [], count: tIds.count, "\(prefix)_weights", node)
        for k in 0..<tIds.count {
            guard let i = index[[tIds[k], tNodes[k]]] else {
                throw RuntimeError.node(node, "\(prefix) entry \(k) names tree \(tIds[k]) node \(tNodes[k]), which does not exist")
            }
            guard leafOf[i] >= 0 else { throw RuntimeError.node(node, "\(prefix) entry \(k) is on a branch node") }
            guard ids[k] >= 0 else { throw RuntimeError.node(node, "negative \(prefix)_ids entry \(ids[k])") }
            leaves[leafOf[i]].append((ids[k], weights[k]))
        }
        // Roots: each tree's first node in attribute order, trees in ascending id order.
        var firstOf: [Int: Int] = [:]
        for i in 0..<n where firstOf[treeIds[i]] == nil { firstOf[treeIds[i]] = i }
        roots = firstOf.keys.sorted().compactMap { t in firstOf[t].map { leafOf[$0] >= 0 ? .leaf(leafOf[$0]) : .node(splitOf[$0]) } }
        self.splits = splits
        self.leaves = leaves
        nanUsesMissingOnly = true
    }

    /// Reads TreeEnsemble's (ml opset 5) attributes.
    init(v5 node: NodeInfo) throws {
        let features = try node.ints("nodes_featureids", default: [])
        let n = features.count
        let splitsValues = try ML.expect(try ML.tensorReals(node, "nodes_splits") ?? [], count: n, "nodes_splits", node)
        let modeCodes = try ML.expect((try ML.tensorReals(node, "nodes_modes") ?? []).map { Int(ML.int64($0)) }, count: n, "nodes_modes", node)
        let trues = try ML.expect(try node.ints("nodes_truenodeids", default: []), count: n, "nodes_truenodeids", node)
        let falses = try ML.expect(try node.ints("nodes_falsenodeids", default: []), count: n, "nodes_falsenodeids", node)
        let trueLeafs = try ML.expect(try node.ints("nodes_trueleafs", default: []), count: n, "nodes_trueleafs", node)
        let falseLeafs = try ML.expect(try node.ints("nodes_falseleafs", default: []), count: n, "nodes_falseleafs", node)
        var missing = try node.ints("nodes_missing_value_tracks_true", default: [])
        if missing.isEmpty { missing = [Int](repeating: 0, count: n) }
        _ = try ML.expect(missing, count: n, "nodes_missing_value_tracks_true", node)
        let targets = try node.ints("leaf_targetids", default: [])
        let weights = try ML.expect(try ML.tensorReals(node, "leaf_weights") ?? [], count: targets.count, "leaf_weights", node)
        let rootsList = try node.ints("tree_roots", default: [])
        var membership = try ML.tensorReals(node, "membership_values") ?? []
        let all: [Mode] = [.leq, .lt, .gte, .gt, .eq, .neq, .member]
        func child(_ id: Int, leaf: Bool) throws -> Child {
            if leaf {
                guard id >= 0, id < targets.count else { throw RuntimeError.node(node, "leaf index \(id) out of range 0..<\(targets.count)") }
                return .leaf(id)
            }
            guard id >= 0, id < n else { throw RuntimeError.node(node, "node index \(id) out of range 0..<\(n)") }
            return .node(id)
        }
        var splits: [Split] = []
        for i in 0..<n {
            guard modeCodes[i] >= 0, modeCodes[i] < all.count else { throw RuntimeError.node(node, "node mode \(modeCodes[i]) is not 0...6") }
            guard features[i] >= 0 else { throw RuntimeError.node(node, "negative feature id \(features[i])") }
            var members = Set<Double>()
            if all[modeCodes[i]] == .member {
                // The next NaN-terminated run of membership_values (in node order).
                guard !membership.isEmpty else { throw RuntimeError.node(node, "membership_values is missing a set for node \(i)") }
                while let m = membership.first {
                    membership.removeFirst()
                    if m.isNaN { break }
                    members.insert(m)
                }
            }
            splits.append(Split(feature: features[i], mode: all[modeCodes[i]], threshold: splitsValues[i], members: members,
                                missingTracksTrue: missing[i] != 0,
                                whenTrue: try child(trues[i], leaf: trueLeafs[i] != 0),
                                whenFalse: try child(falses[i], leaf: falseLeafs[i] != 0)))
        }
        var roots: [Child] = []
        for r in rootsList {
            guard r >= 0, r < n else { throw RuntimeError.node(node, "tree root \(r) out of range 0..<\(n)") }
            // A tree that is a single leaf: both branches name the same leaf.
            if trueLeafs[r] != 0, falseLeafs[r] != 0, trues[r] == falses[r] { roots.append(try child(trues[r], leaf: true)) } else { roots.append(.node(r)) }
        }
        self.splits = splits
        self.leaves = zip(targets, weights).map { [(id: $0.0, weight: $0.1)] }
        self.roots = roots
        nanUsesMissingOnly = false
        for l in leaves { for e in l where e.id < 0 { throw RuntimeError.node(node, "negative leaf target id \(e.id)") } }
    }

    /// Checks X's width against the features the splits read.
    func check(features f: Int, _ node: NodeInfo) throws {
        guard maxFeature < f else { throw RuntimeError.node(node, "a split reads feature \(maxFeature), X has \(f) columns") }
    }
}
