import Foundation

/// Runs the built `parity` binary as a user would, with a watchdog: a run that does not
/// finish in time (an exit hang) fails the test instead of blocking the suite.
enum CLI {
    static let repoRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var binary: String {
        if let p = ProcessInfo.processInfo.environment["PARITY_BIN"] { return p }
        return repoRoot.appendingPathComponent(".build/debug/parity").path
    }

    struct Result {
        let code: Int32
        let stdout: String
        let stderr: String
        let timedOut: Bool
    }

    static func run(_ args: [String], env: [String: String] = [:], timeout: TimeInterval = 600) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "PARITY_PYTHON")
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("parity-cli-\(UUID())")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let outURL = tmp.appendingPathComponent("out"), errURL = tmp.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: outURL)
        p.standardError = try FileHandle(forWritingTo: errURL)
        try p.run()
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while p.isRunning {
            if Date() > deadline { p.terminate(); timedOut = true; break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        p.waitUntilExit()
        return Result(code: p.terminationStatus,
                      stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "",
                      timedOut: timedOut)
    }

    static func tempDir() throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("parity-test-\(UUID())")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }
}
