import Testing
import OnnxFormat
@testable import Runtime

struct LRNTests {
    @Test(arguments: NNFixtures.names("LRN")) func matchesReference(_ name: String) throws { try NNFixtures.check(name) }

    @Test func sizeIsRequired() {
        #expect(NNTest.errorMessage { _ = try NNTest.make("LRN", opset: 13) }?.contains("size") == true)
        #expect(NNTest.errorMessage { _ = try NNTest.make("LRN", opset: 13, [NNTest.attr("size", 0)]) }?.contains("size") == true)
    }
}
