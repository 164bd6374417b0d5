import Testing
@testable import OnnxFormat

@Suite struct TensorValuesTests {
    /// `map(Double.init)` over [UInt64] resolves to Double(bitPattern:): 4 became 2e-323.
    @Test func uint64WidensByValue() {
        let t = Tensor(uncheckedType: .uint64, shape: [3], storage: .uint64([4, 5, 1 << 40]))
        #expect(t.asDoubles() == [4, 5, 1_099_511_627_776])
    }
}
