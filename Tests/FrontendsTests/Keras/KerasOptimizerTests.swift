import Foundation
import OnnxFormat
import Runtime
import Testing
@testable import Frontends

/// Every Keras fixture, converted in Swift, run with and without the graph optimiser: both
/// must match Keras' own outputs, and each other within 1e-5 relative to the output scale.
@Suite struct KerasOptimizerTests {
    @Test(arguments: KerasConversionTests.models)
    func optimisedAndUnoptimisedAgreeWithKerasAndEachOther(file: String) throws {
        let r = try KerasConversionTests.convert(file)
        let (ins, outs) = try KerasFixtures.io(file)
        var feeds: [String: Tensor] = [:]
        for (n, t) in zip(r.inputNames, ins) { feeds[n] = t }
        let on = try InferenceSession(model: r.model, options: SessionOptions(optimize: true))
        let off = try InferenceSession(model: r.model, options: SessionOptions(optimize: false))
        #expect(on.optimization != nil, "\(file): the optimiser declined the graph")
        let a = try on.run(feeds), b = try off.run(feeds)
        for (name, want) in zip(r.outputNames, outs) {
            let x = try #require(a[name]?.asDoubles()), y = try #require(b[name]?.asDoubles())
            let k = try #require(want.asDoubles())
            let scale = max(y.map(abs).max() ?? 0, 1e-6)
            let diff = zip(x, y).map { abs($0 - $1) }.max() ?? 0
            #expect(x.count == y.count && diff <= 1e-5 * scale, "\(file) \(name): optimised vs unoptimised \(diff) at scale \(scale)")
            let keras = zip(x, k).map { abs($0 - $1) / (1 + abs($1)) }.max() ?? 0
            #expect(keras < 1e-4, "\(file) \(name): optimised vs Keras \(keras)")
        }
    }
}
