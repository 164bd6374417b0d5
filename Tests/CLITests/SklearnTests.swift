import Foundation
import OnnxFormat
import Testing

/// `parity export-check NAME --from sklearn` as a user runs it, over a representative
/// subset of the demo estimators (scripts/check-sklearn.sh runs them all): a linear
/// classifier through ZipMap, trees, an SVM with probabilities, the double path, a
/// transformer, a categorical encoder, what skl2onnx cannot convert, the pickle refusal,
/// a pickle file with --input rows, and the failure drill.
@Suite(.serialized) struct SklearnTests {
    static func check(_ args: [String]) throws -> CLI.Result {
        try CLI.run(["export-check"] + args + ["--from", "sklearn"], timeout: 300)
    }

    @Test(arguments: ["LogisticRegression", "RandomForestClassifier_strings", "SVC", "GradientBoostingRegressor", "PCA", "OneHotEncoder"])
    func demoPasses(_ name: String) throws {
        let r = try Self.check([name])
        #expect(r.code == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("PASS \(name)"), "\(r.stdout)")
    }

    @Test func classifierReportHasLabelAgreementAndZipMap() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = dir.appendingPathComponent("r.json").path
        let r = try Self.check(["DecisionTreeClassifier", "--report", json])
        #expect(r.code == 0, "\(r.stdout)\n\(r.stderr)")
        let text = try String(contentsOfFile: json, encoding: .utf8)
        #expect(text.contains("\"labelAgreement\" : 1"), "\(text.prefix(2000))")
        #expect(text.contains("\"flattenedMaps\" : true"))
        #expect(r.stdout.contains("zipmap on"))
    }

    @Test func doublePathPasses() throws {
        let r = try Self.check(["DecisionTreeRegressor", "--dtype", "float64"])
        #expect(r.code == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("dtype float64"))
    }

    @Test func unconvertibleIsExit2WithSkl2onnxMessage() throws {
        let r = try Self.check(["HistGradientBoostingClassifier"])
        #expect(r.code == 2, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stderr.contains("skl2onnx 1.20.0 cannot convert HistGradientBoostingClassifier"), "\(r.stderr)")
        let unknown = try Self.check(["LogisticRegresion"])
        #expect(unknown.code == 2 && unknown.stderr.contains("did you mean LogisticRegression"), "\(unknown.stderr)")
    }

    @Test func picklesNeedAllowPickleAndRowsComeFromInput() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pkl = dir.appendingPathComponent("tree.pkl").path
        let npy = dir.appendingPathComponent("x.npy").path
        let python = CLI.repoRoot.appendingPathComponent(".venv/bin/python").path
        let make = Process()
        make.executableURL = URL(fileURLWithPath: python)
        make.arguments = ["-c", """
            import sys, numpy as np
            sys.path.insert(0, "\(CLI.repoRoot.appendingPathComponent("python").path)")
            import parity_sklearn
            parity_sklearn.save_demo("DecisionTreeClassifier", "\(pkl)")
            """]
        try make.run()
        make.waitUntilExit()
        #expect(make.terminationStatus == 0)
        try Npy.write(Tensor(shape: [3, 4], floats: [5.1, 3.5, 1.4, 0.2, 6.2, 2.9, 4.3, 1.3, 7.7, 3.0, 6.1, 2.3]), to: npy)

        let refused = try Self.check([pkl])
        #expect(refused.code == 2 && refused.stderr.contains("executes arbitrary code"), "\(refused.stderr)")
        let r = try Self.check([pkl, "--allow-pickle", "--input", npy])
        #expect(r.code == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("inputs from x.npy") && r.stdout.contains("unpickling executed"), "\(r.stdout)")

        // Rows of the wrong width, and a pickle that is not an estimator: one line, exit 2.
        let narrow = dir.appendingPathComponent("narrow.npy").path
        try Npy.write(Tensor(shape: [2, 3], floats: [1, 2, 3, 4, 5, 6]), to: narrow)
        let wide = try Self.check([pkl, "--allow-pickle", "--input", narrow])
        #expect(wide.code == 2 && wide.stderr.contains("3 features") && wide.stderr.contains("expecting 4"), "\(wide.stderr)")
        let notEstimator = dir.appendingPathComponent("dict.pkl").path
        let dump = Process()
        dump.executableURL = URL(fileURLWithPath: python)
        dump.arguments = ["-c", "import pickle; pickle.dump({'a': 1}, open('\(notEstimator)', 'wb'))"]
        try dump.run()
        dump.waitUntilExit()
        let d = try Self.check([notEstimator, "--allow-pickle", "--input", npy])
        #expect(d.code == 2 && d.stderr.contains("not a scikit-learn estimator"), "\(d.stderr)")
    }

    @Test func failureDrillExitsOne() throws {
        let r = try Self.check(["LogisticRegression", "--atol", "0", "--rtol", "0"])
        #expect(r.code == 1, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("FAIL LogisticRegression"), "\(r.stdout)")
    }

    @Test func optionsForOtherFrameworksAreRefused() throws {
        let r = try CLI.run(["export-check", "resnet18", "--from", "torch", "--allow-pickle"], timeout: 60)
        #expect(r.code != 0 && r.stderr.contains("--from sklearn only"), "\(r.stderr)")
    }
}
