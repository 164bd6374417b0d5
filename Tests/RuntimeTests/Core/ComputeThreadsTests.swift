import CKernels
import Foundation
import Testing
@testable import Runtime

/// The thread pool behind `ComputeThreads.parallel` (C `pk_parallel_for`): every part runs
/// exactly once per job, across many back-to-back jobs of different sizes (the pattern of
/// one inference), and the call returns only when all parts are done.
struct ComputeThreadsTests {
    @Test func everyPartRunsExactlyOnce() {
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: 64)
        defer { counts.deallocate() }
        let box = UncheckedSendable(counts)
        for job in 0..<2000 {
            let parts = 1 + job % 17
            counts.initialize(repeating: 0, count: 64)
            ComputeThreads.parallel(parts) { p in box.value[p] += 1 }
            let ran = (0..<parts).map { counts[$0] }
            #expect(ran.allSatisfy { $0 == 1 }, "job \(job): \(ran)")
            #expect((parts..<64).allSatisfy { counts[$0] == 0 })
        }
    }

    /// The same while the workers are held awake (an inference on several threads), with
    /// gaps between jobs longer than the workers' unheld spin (~1 ms) so that they would
    /// otherwise have gone to sleep, and after the hold ends (they must still take jobs).
    @Test func heldWorkersTakeEveryJobOnce() {
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: 64)
        defer { counts.deallocate() }
        let box = UncheckedSendable(counts)
        func check(_ job: Int) {
            let parts = 2 + job % 7
            counts.initialize(repeating: 0, count: 64)
            ComputeThreads.parallel(parts) { p in box.value[p] += 1 }
            let ran = (0..<parts).map { counts[$0] }
            #expect(ran.allSatisfy { $0 == 1 }, "job \(job): \(ran)")
        }
        pk_pool_hold(1)
        pk_pool_hold(1)  // holds nest
        for job in 0..<200 {
            check(job)
            if job % 50 == 0 { usleep(3000) }
        }
        pk_pool_hold(0)
        check(0)
        pk_pool_hold(0)
        usleep(3000)  // the workers may now sleep; a job must wake them or run on the caller
        for job in 0..<50 { check(job) }
    }

    /// A hold keeps its caller on one CPU while it lasts (when the machine has a CPU for the
    /// caller and one per worker of the pool) and gives the caller its own CPU set back at the release.
    @Test func holdPinsTheCallerAndReleaseRestoresIt() {
        func cpus() -> [Int] {
            var set = cpu_set_t()
            guard sched_getaffinity(0, MemoryLayout<cpu_set_t>.size, &set) == 0 else { return [] }
            return withUnsafeBytes(of: &set) { raw in
                (0..<(raw.count * 8)).filter { raw[$0 / 8] & (1 << ($0 % 8)) != 0 }
            }
        }
        let before = cpus()
        // The pool has a worker from here on (whatever thread count other tests have set).
        pk_parallel_for(2, { _, _ in }, nil)
        pk_pool_hold(1)
        let during = cpus()
        pk_pool_hold(1)
        pk_pool_hold(0)
        #expect(cpus() == during, "an inner release keeps the pin")
        pk_pool_hold(0)
        #expect(cpus() == before)
        // Pinned to one of its CPUs, or (more workers than other CPUs: another test ran the
        // pool on three threads; PARITY_PIN_THREADS=0) left as it was.
        #expect((during.count == 1 && before.contains(during[0])) || during == before, "\(during) of \(before)")
        if before.count >= 2, pk_pool_workers() + 1 <= before.count, ProcessInfo.processInfo.environment["PARITY_PIN_THREADS"] != "0" {
            #expect(during.count == 1, "\(during) of \(before)")
        }
    }
}
