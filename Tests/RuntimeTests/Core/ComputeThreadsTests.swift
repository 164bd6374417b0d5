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
}
