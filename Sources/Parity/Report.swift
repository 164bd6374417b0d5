import Foundation

/// The outcome of one parity check. Every reporter (console, JSON, JUnit, Markdown)
/// renders this one type; the JSON form is the documented, stable schema
/// (docs/report-schema.md, `schema` = "parity.report/1").
public struct ParityReport: Codable, Sendable {
    public enum Verdict: String, Codable, Sendable {
        /// Every output of every case within tolerance.
        case pass
        /// At least one output outside tolerance (exit code 1).
        case fail
        /// The check could not be made: degenerate reference, runtime or export error (exit 2).
        case error
    }

    public struct Model: Codable, Sendable {
        public var name: String
        public var source: String
        public var framework: String
        public var exporter: String
        public var opset: Int
        public var onnxPath: String?
        public var inputShape: [Int]
        public var parameters: Int
        public init(name: String, source: String, framework: String, exporter: String, opset: Int,
                    onnxPath: String?, inputShape: [Int], parameters: Int) {
            self.name = name; self.source = source; self.framework = framework; self.exporter = exporter
            self.opset = opset; self.onnxPath = onnxPath; self.inputShape = inputShape; self.parameters = parameters
        }
    }

    public struct Case: Codable, Sendable {
        public var batch: Int
        public var passed: Bool
        public var outputs: [OutputComparison]
        public var runtimeSeconds: Double
        /// Rows whose tree decision path float32 thresholds change (sklearn trees); nil when
        /// the frontend does not say.
        public var thresholdRows: Int? = nil
        public init(batch: Int, passed: Bool, outputs: [OutputComparison], runtimeSeconds: Double) {
            self.batch = batch; self.passed = passed; self.outputs = outputs; self.runtimeSeconds = runtimeSeconds
        }
    }

    public struct Timings: Codable, Sendable {
        public var exportSeconds: Double
        public var referenceSeconds: Double
        public var loadSeconds: Double
        public var runSeconds: Double
        public init(exportSeconds: Double = 0, referenceSeconds: Double = 0, loadSeconds: Double = 0, runSeconds: Double = 0) {
            self.exportSeconds = exportSeconds; self.referenceSeconds = referenceSeconds
            self.loadSeconds = loadSeconds; self.runSeconds = runSeconds
        }
    }

    public var schema = "parity.report/1"
    public var tool = "parity \(ParityVersion.current)"
    public var verdict: Verdict
    public var exitCode: Int32
    public var model: Model
    public var tolerance: Tolerance
    /// What Parity did to make the reference meaningful, and other facts a reader needs.
    public var notes: [String]
    public var cases: [Case]
    /// Why the reference cannot discriminate, when it cannot.
    public var degenerate: String?
    public var allowDegenerate: Bool
    /// Why the check could not be made (verdict error).
    public var error: String?
    public var timings: Timings

    public init(verdict: Verdict, model: Model, tolerance: Tolerance, notes: [String], cases: [Case],
                degenerate: String?, allowDegenerate: Bool, error: String?, timings: Timings) {
        self.verdict = verdict
        self.exitCode = verdict == .pass ? 0 : verdict == .fail ? 1 : 2
        self.model = model; self.tolerance = tolerance; self.notes = notes; self.cases = cases
        self.degenerate = degenerate; self.allowDegenerate = allowDegenerate; self.error = error; self.timings = timings
    }

    /// The worst output over all cases (largest max abs error), for one-line summaries.
    public var worstOutput: (batch: Int, output: OutputComparison)? {
        var best: (Int, OutputComparison)?
        for c in cases { for o in c.outputs where best.map({ o.maxAbsError > $0.1.maxAbsError }) ?? true { best = (c.batch, o) } }
        return best
    }
}

public enum ParityVersion {
    public static let current = "0.1.0"
}
