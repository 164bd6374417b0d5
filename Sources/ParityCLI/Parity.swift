import ArgumentParser
import Foundation
import Frontends
import Runtime

/// `parity`: prove that a model computes the same thing after it leaves its framework.
struct ParityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parity",
        abstract: "Export models to ONNX, run them on Parity's Swift runtime, and prove numerical parity with the framework.",
        discussion: "Exit codes: 0 parity holds, 1 parity failure, 2 usage, input or environment error.",
        version: "parity 0.1.0",
        subcommands: [ExportCheck.self, Convert.self, Run.self, Inspect.self, Bench.self, Conformance.self, Optimize.self])
}

@main
enum Main {
    static func main() {
        selectBLASKernels()
        ComputeThreads.quietBLAS()
        let code: Int32
        do {
            var command = try ParityCommand.parseAsRoot()
            try command.run()
            code = 0
        } catch let exit as ExitCode {
            code = exit.rawValue
        } catch let e as CLIError {
            FileHandle.standardError.write(Data("error: \(e.message)\n".utf8))
            code = e.code
        } catch {
            let parserCode = ParityCommand.exitCode(for: error)
            if parserCode == .success {
                // --help, --version
                print(ParityCommand.fullMessage(for: error))
                code = 0
            } else {
                // Usage errors are exit code 2, like every other input error.
                let msg = ParityCommand.fullMessage(for: error)
                FileHandle.standardError.write(Data((msg.hasPrefix("Error:") ? msg : "error: \(msg)").utf8 + [10]))
                code = 2
            }
        }
        // Finalise Python before exiting: with torch loaded, exit without it can deadlock.
        PythonRuntime.shutdown()
        exit(code)
    }
}

/// Re-executes the binary once with `OPENBLAS_CORETYPE` set when OpenBLAS picked slower
/// kernels than the CPU supports (see `BLASCoreSelection`). If exec fails we simply go on
/// with OpenBLAS's own choice: slower, never wrong.
func selectBLASKernels() {
    guard let core = BLASCoreSelection.betterCoreType() else { return }
    setenv("OPENBLAS_CORETYPE", core, 1)
    execv("/proc/self/exe", CommandLine.unsafeArgv)
}

/// An error that ends a command with a one-line message and an exit code.
struct CLIError: Error {
    let message: String
    let code: Int32
    static func input(_ m: String) -> CLIError { CLIError(message: m, code: 2) }
}

/// Status lines for the user go to stderr so stdout stays machine-readable.
func status(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}
