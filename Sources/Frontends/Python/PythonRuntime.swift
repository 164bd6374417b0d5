import CPython
import Foundation

/// The embedded CPython interpreter: started once per process, on a venv, and driven from
/// one dedicated thread.
///
/// Why one thread: the thread that initialises CPython is its main thread, numpy cannot be
/// re-initialised after a finalize, and torch's exit handlers need the GIL to be free. So
/// every piece of Python work is a job run on that thread with the GIL held, and the GIL is
/// released between jobs. `shutdown()` finalises the interpreter; without it a process that
/// imported torch can deadlock at exit.
public final class PythonRuntime: @unchecked Sendable {
    public let environment: PythonEnvironment

    private let lock = NSCondition()
    private var jobs: [() -> Void] = []
    private var thread: Thread?
    private var finalized = false
    private var pythonThreadID: pthread_t?

    nonisolated(unsafe) private static var instance: PythonRuntime?
    private static let instanceLock = NSLock()

    /// The process-wide interpreter, started on first use. A later call naming a different
    /// venv is an error: CPython cannot be restarted on another environment.
    public static func shared(python explicit: String? = nil) throws -> PythonRuntime {
        instanceLock.lock()
        defer { instanceLock.unlock() }
        let env = try PythonEnvironment.resolve(explicit: explicit)
        if let instance {
            guard instance.environment.venv == env.venv else {
                throw PythonError.environment("the embedded interpreter already runs on \(instance.environment.venv); it cannot switch to \(env.venv) in the same process")
            }
            guard !instance.finalized else { throw PythonError.environment("the embedded interpreter was shut down") }
            return instance
        }
        let rt = PythonRuntime(environment: env)
        try rt.start()
        instance = rt
        return rt
    }

    /// Finalises the interpreter if it was started. Call before the process exits.
    public static func shutdown() {
        instanceLock.lock()
        let rt = instance
        instanceLock.unlock()
        rt?.finalize()
    }

    private init(environment: PythonEnvironment) {
        self.environment = environment
    }

    private func start() throws {
        final class Box: @unchecked Sendable { var error: String? }
        let box = Box()
        let started = DispatchSemaphore(value: 0)
        let exe = environment.venv + "/bin/python"
        let modules = environment.modulesDirectory
        let t = Thread { [unowned self] in
            if let err = parity_py_initialize(exe) {
                box.error = "cannot start Python on \(exe): \(String(cString: err))"
                started.signal()
                return
            }
            // Put Parity's modules first and check that the venv really is the prefix.
            let boot = """
            import sys
            sys.path.insert(0, \(Self.pyStringLiteral(modules)))
            """
            if PyRun_SimpleString(boot) != 0 {
                box.error = "cannot set up sys.path for \(modules)"
            }
            self.pythonThreadID = pthread_self()
            self.registerExitHandlerIfModulesChanged()
            _ = PyEval_SaveThread()  // release the GIL between jobs
            started.signal()
            self.loop()
        }
        t.name = "parity.python"
        t.stackSize = 16 << 20  // torch's tracing recurses deeply
        thread = t
        t.start()
        started.wait()
        if let startError = box.error { throw PythonError.environment(startError) }
    }

    private var modulesAtLastRegistration = -1

    /// Keeps our exit handler the newest one. atexit handlers run newest first, and a
    /// library loaded by an import (libtorch) registers C++ destructors when it loads: if
    /// they ran before Py_FinalizeEx, finalisation would touch destroyed torch state and
    /// crash. So after any job that imported modules, register again (finalize is
    /// idempotent). Runs with the GIL held.
    private func registerExitHandlerIfModulesChanged() {
        guard let modules = PyImport_GetModuleDict() else { return }
        let n = PyDict_Size(modules)
        guard n != modulesAtLastRegistration else { return }
        modulesAtLastRegistration = n
        atexit { PythonRuntime.shutdown() }
    }

    private func loop() {
        while true {
            lock.lock()
            while jobs.isEmpty { lock.wait() }
            let job = jobs.removeFirst()
            lock.unlock()
            job()
            lock.lock()
            let done = finalized
            lock.unlock()
            if done { break }
        }
        // After Py_FinalizeEx the thread stays parked instead of ending: an ending thread
        // runs its thread-local destructors (torch keeps thread-local state), and the main
        // thread is by then in exit(), destroying torch's globals; the two together once
        // aborted an export-check with "double free or corruption" in the full test suite.
        lock.lock()
        while true { lock.wait() }
    }

    private var onPythonThread: Bool {
        guard let id = pythonThreadID else { return false }
        return pthread_equal(id, pthread_self()) != 0
    }

    /// Runs `body` on the Python thread with the GIL held and returns its result. Jobs run
    /// one at a time in call order; a call from inside a job runs inline.
    public func run<T>(_ body: @escaping () throws -> T) throws -> T {
        if onPythonThread { return try body() }
        var result: Result<T, Error>?
        let done = DispatchSemaphore(value: 0)
        lock.lock()
        guard !finalized else {
            lock.unlock()
            throw PythonError.environment("the embedded interpreter was shut down")
        }
        jobs.append { [unowned self] in
            let g = PyGILState_Ensure()
            result = Result { try body() }
            self.registerExitHandlerIfModulesChanged()
            PyGILState_Release(g)
            done.signal()
        }
        lock.signal()
        lock.unlock()
        done.wait()
        guard let result else { throw PythonError.environment("Python job did not run") }
        return try result.get()
    }

    private func finalize() {
        lock.lock()
        if finalized { lock.unlock(); return }
        lock.unlock()
        let done = DispatchSemaphore(value: 0)
        let fin: () -> Void = {
            let g = PyGILState_Ensure()
            _ = g
            _ = Py_FinalizeEx()
        }
        if onPythonThread { fin(); lock.lock(); finalized = true; lock.unlock(); return }
        lock.lock()
        jobs.append { [unowned self] in
            fin()
            self.lock.lock()
            self.finalized = true
            self.lock.unlock()
            done.signal()
        }
        lock.signal()
        lock.unlock()
        done.wait()
    }

    static func pyStringLiteral(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}
