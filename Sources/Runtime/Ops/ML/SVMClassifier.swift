import Foundation
import OnnxFormat

/// SVMClassifier (ai.onnx.ml SVMClassifier, opset 1), as onnx.reference and onnxruntime
/// compute it. With `vectors_per_class` (libsvm mode) every pair of classes i < j votes
/// with s = rho[k] + Σ coef[j-1][sv of i]·k(x, sv) + Σ coef[i][sv of j]·k(x, sv); the label
/// is the class with most votes; with `prob_a`/`prob_b` the pairwise scores become
/// probabilities through Platt's sigmoid and libsvm's multiclass coupling. Without
/// support vectors (liblinear mode) each class scores rho[0] + x·coef[c]. Scores are then
/// written as onnx.reference's write_scores does (one binary score s becomes [-s, s], or
/// its transform). Output Z is double for a double X, else float.
struct SVMClassifier: Operator {
    let node: NodeInfo
    let kernel: SVMKernel
    let coefficients: [Double]
    let supportVectors: [Double]
    let vectorsPerClass: [Int]
    let rho: [Double]
    let probA: [Double], probB: [Double]
    let labels: ML.Labels?
    let transform: ML.PostTransform

    init(_ node: NodeInfo) throws {
        self.node = node
        kernel = try SVMKernel(node)
        coefficients = (node.floats("coefficients") ?? []).map(Double.init)
        supportVectors = (node.floats("support_vectors") ?? []).map(Double.init)
        vectorsPerClass = try node.ints("vectors_per_class", default: [])
        rho = (node.floats("rho") ?? []).map(Double.init)
        probA = (node.floats("prob_a") ?? []).map(Double.init)
        probB = (node.floats("prob_b") ?? []).map(Double.init)
        labels = try ML.labels(node, ints: "classlabels_ints", strings: "classlabels_strings")
        transform = try ML.postTransform(node)
        guard vectorsPerClass.allSatisfy({ $0 >= 0 }) else { throw RuntimeError.node(node, "vectors_per_class must be >= 0") }
        guard !rho.isEmpty else { throw RuntimeError.node(node, "rho is empty") }
        guard probA.count == probB.count else { throw RuntimeError.node(node, "prob_a and prob_b differ in length") }
    }

    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0)
        let (n, f, v) = try ML.matrix(x, node)
        let classCount = max(labels?.count ?? 0, 1)
        let vectorCount = vectorsPerClass.reduce(0, +)
        var starts: [Int] = []
        var acc = 0
        for c in vectorsPerClass { starts.append(acc); acc += c }
        let svm = vectorCount > 0
        let allPositive = (coefficients.min() ?? 0) >= 0

        var raw: [[Double]] = []      // per row: scores (pairwise or per class)
        var votes: [[Double]] = []
        if svm {
            guard vectorsPerClass.count >= classCount else {
                throw RuntimeError.node(node, "vectors_per_class has \(vectorsPerClass.count) entries for \(classCount) classes")
            }
            guard supportVectors.count == vectorCount * f else {
                throw RuntimeError.node(node, "\(supportVectors.count) support vector values for \(vectorCount) vectors of \(f) features")
            }
            guard coefficients.count % vectorCount == 0, coefficients.count / vectorCount >= classCount - 1 else {
                throw RuntimeError.node(node, "\(coefficients.count) coefficients do not give \(classCount - 1) rows of \(vectorCount)")
            }
            let pairs = classCount * (classCount - 1) / 2
            guard rho.count >= pairs else { throw RuntimeError.node(node, "rho has \(rho.count) entries for \(pairs) class pairs") }
            for r in 0..<n {
                let k = (0..<vectorCount).map { kernel(v, r * f, supportVectors, $0 * f, f) }
                var vote = [Double](repeating: 0, count: classCount)
                var scores: [Double] = []
                var e = 0
                for i in 0..<classCount {
                    for j in (i + 1)..<max(classCount, i + 1) {
                        var s1 = 0.0, s2 = 0.0
                        for t in 0..<vectorsPerClass[i] { s1 += coefficients[(j - 1) * vectorCount + starts[i] + t] * k[starts[i] + t] }
                        for t in 0..<vectorsPerClass[j] { s2 += coefficients[i * vectorCount + starts[j] + t] * k[starts[j] + t] }
                        let s = rho[e] + s1 + s2
                        scores.append(s)
                        if s > 0 { vote[i] += 1 } else { vote[j] += 1 }
                        e += 1
                    }
                }
                raw.append(scores)
                votes.append(vote)
            }
        } else {
            guard coefficients.count == classCount * f else {
                throw RuntimeError.node(node, "\(coefficients.count) coefficients for \(classCount) classes of \(f) features")
            }
            for r in 0..<n {
                raw.append((0..<classCount).map { c in rho[0] + SVMKernel.linearDot(v, r * f, coefficients, c * f, f) })
            }
        }

        let hasProba = svm && !probA.isEmpty
        if hasProba {
            let pairs = classCount * (classCount - 1) / 2
            guard probA.count >= pairs else { throw RuntimeError.node(node, "prob_a has \(probA.count) entries for \(pairs) class pairs") }
            raw = raw.map { probabilities($0, classCount) }
        }

        // Per row: a class index, or (binary-vote rule with more than two classes) a
        // literal label value 1 or 0, as onnx.reference's set_score_svm returns.
        var picks: [(index: Int, literal: Bool)] = []
        var final: [Double] = []
        var width = 0
        for r in 0..<n {
            let scores = raw[r]
            let (maxClass, maxWeight): (Int, Double)
            if svm {
                maxClass = ML.argmax(votes[r][...]); maxWeight = votes[r][maxClass]
            } else {
                maxClass = ML.argmax(scores[...]); maxWeight = scores.isEmpty ? 0 : scores[maxClass]
            }
            var additional = -1
            if rho.count == 1 && classCount == 2 {
                additional = 2
                picks.append(((!hasProba && allPositive && maxWeight >= 0.5) ? 1 : maxClass, false))
            } else if rho.count == 1 {
                picks.append((maxWeight > 0 ? 1 : 0, true))
            } else {
                picks.append((maxClass, false))
            }
            let written = Self.writeScores(scores, transform, additional)
            if r == 0 { width = written.count }
            guard written.count == width else { throw RuntimeError.node(node, "rows wrote different score counts") }
            final += written
        }
        let y: Tensor
        switch labels {
        case .ints(let a)?:
            y = Tensor(shape: [n], int64s: picks.map { $0.literal || $0.index >= a.count ? Int64($0.index) : a[$0.index] })
        case .strings(let a)?:
            y = Tensor(uncheckedType: .string, shape: [n], storage: .string(picks.map { $0.index < a.count ? a[$0.index] : "" }))
        case nil:
            y = Tensor(shape: [n], int64s: picks.map { Int64($0.index) })
        }
        return [y, ML.real(final, shape: [n, width], double: x.dataType == .double)]
    }

    /// onnx.reference's write_scores.
    static func writeScores(_ s: [Double], _ t: ML.PostTransform, _ additional: Int) -> [Double] {
        if s.count >= 2 {
            var v = s
            ML.apply(t, &v, cols: v.count)
            return v
        }
        guard let s0 = s.first else { return [] }
        if t == .probit { return [ML.probit(s0)] }
        if additional == 0 || additional == 1 { return [1 - s0, s0] }
        if additional == 2 || additional == 3 {
            var v = [-s0, s0]
            ML.apply(t, &v, cols: 2)
            return v
        }
        return [s0]
    }

    /// Pairwise scores to class probabilities (libsvm's sigmoid_predict and
    /// multiclass_probability, as onnx.reference writes them).
    func probabilities(_ scores: [Double], _ k: Int) -> [Double] {
        var r = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        var index = 0
        for i in 0..<k {
            for j in (i + 1)..<max(k, i + 1) {
                let val1 = 1 - ML.logistic(scores[index] * probA[index] + probB[index])
                let val2 = min(max(val1, 1e-7), 1 - 1e-7)
                r[i][j] = val2
                r[j][i] = 1 - val2
                index += 1
            }
        }
        return Self.multiclassProbability(k, r)
    }

    static func multiclassProbability(_ k: Int, _ r: [[Double]]) -> [Double] {
        let maxIter = max(100, k)
        var q = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        var p = [Double](repeating: 1 / Double(k), count: k)
        var qp = [Double](repeating: 0, count: k)
        let eps = 0.005 / Double(k)
        for t in 0..<k {
            q[t][t] = 0
            for j in 0..<t { q[t][t] += r[j][t] * r[j][t]; q[t][j] = q[j][t] }
            for j in (t + 1)..<max(k, t + 1) { q[t][t] += r[j][t] * r[j][t]; q[t][j] = -r[j][t] * r[t][j] }
        }
        for _ in 0..<maxIter {
            for t in 0..<k { qp[t] = (0..<k).reduce(0) { $0 + q[t][$1] * p[$1] } }
            var pqp = (0..<k).reduce(0) { $0 + p[$1] * qp[$1] }
            let maxError = (0..<k).map { abs(qp[$0] - pqp) }.max() ?? 0
            if maxError < eps { break }
            for t in 0..<k {
                let diff = (-qp[t] + pqp) / q[t][t]
                p[t] += diff
                pqp = (pqp + diff * (diff * q[t][t] + 2 * qp[t])) / ((1 + diff) * (1 + diff))
                for j in 0..<k {
                    qp[j] = (qp[j] + diff * q[t][j]) / (1 + diff)
                    p[j] /= 1 + diff
                }
            }
        }
        return p
    }
}

extension SVMClassifier: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        let label: DataType = { if case .strings? = labels { return .string }; return .int64 }()
        let n = inputs.at(0)?.shape.map { $0.count == 1 ? ValueType.Dim.fixed(1) : $0[0] } ?? .unknown
        return [ValueType(label, [n]), nil]
    }
}
