import Foundation

/// Time per op type, when the environment variable PARITY_PROFILE is set: `parity run`
/// prints the table after the run. Off by default; the check is one static Bool.
/// `PARITY_PROFILE=nodes` times each node on its own (keyed by op type and node name).
public enum Profiler {
    public static let enabled = ProcessInfo.processInfo.environment["PARITY_PROFILE"] != nil
    static let perNode = ProcessInfo.processInfo.environment["PARITY_PROFILE"] == "nodes"

    /// The row a node's time is added to.
    static func key(_ node: NodeInfo) -> String {
        perNode ? "\(node.opType) \(node.name)" : node.opType
    }
    nonisolated(unsafe) private static var totals: [String: (ns: UInt64, calls: Int)] = [:]
    private static let lock = NSLock()

    static func record(_ op: String, _ ns: UInt64) {
        lock.lock()
        let t = totals[op] ?? (0, 0)
        totals[op] = (t.ns + ns, t.calls + 1)
        lock.unlock()
    }

    /// The table, slowest op type first, per run when `runs` runs were recorded, and resets
    /// the totals.
    public static func report(runs: Int = 1) -> String {
        lock.lock()
        let all = totals
        totals = [:]
        lock.unlock()
        let sum = all.values.reduce(0) { $0 + $1.ns }
        return all.sorted { $0.value.ns > $1.value.ns }.map { op, t in
            op.padding(toLength: max(24, op.count), withPad: " ", startingAt: 0)
                + String(format: " %8.2f ms %5.1f%%  %d calls", Double(t.ns) / 1e6 / Double(max(runs, 1)),
                         sum > 0 ? 100 * Double(t.ns) / Double(sum) : 0, t.calls / max(runs, 1))
        }.joined(separator: "\n")
    }
}
