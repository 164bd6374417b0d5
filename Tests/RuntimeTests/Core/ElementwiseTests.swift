import OnnxFormat
import Testing
@testable import Runtime

/// Add/Sub/Mul/Div over every integer width: one generic path, numpy's wrap-around.
@Suite struct ElementwiseArithmeticTests {
    static func run(_ op: String, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        try NNTest.run(op, opset: 14, inputs: [a, b])[0]
    }

    @Test func smallIntegersWrapAround() throws {
        let a = Tensor(uncheckedType: .int8, shape: [2], storage: .int8([127, -128]))
        let one = Tensor(uncheckedType: .int8, shape: [], storage: .int8([1]))
        #expect(try Self.run("Add", a, one).storage == .int8([-128, -127]))
        #expect(try Self.run("Sub", a, one).storage == .int8([126, 127]))
        let u = Tensor(uncheckedType: .uint16, shape: [2], storage: .uint16([0, 300]))
        let v = Tensor(uncheckedType: .uint16, shape: [2], storage: .uint16([1, 300]))
        #expect(try Self.run("Sub", u, v).storage == .uint16([65535, 0]))
        #expect(try Self.run("Mul", u, v).storage == .uint16([0, 24464]))   // 90000 mod 65536
        let big = Tensor(uncheckedType: .uint64, shape: [1], storage: .uint64([UInt64.max]))
        #expect(try Self.run("Add", big, big).storage == .uint64([UInt64.max - 1]))
    }

    @Test func integerDivisionTruncatesAndRejectsZero() throws {
        let a = Tensor(uncheckedType: .int8, shape: [3], storage: .int8([-7, 7, -128]))
        let b = Tensor(uncheckedType: .int8, shape: [3], storage: .int8([2, -2, -1]))
        #expect(try Self.run("Div", a, b).storage == .int8([-3, -3, -128]))
        let u = Tensor(uncheckedType: .uint32, shape: [2], storage: .uint32([9, 1]))
        let z = Tensor(uncheckedType: .uint32, shape: [2], storage: .uint32([2, 0]))
        #expect(NNTest.errorMessage { _ = try Self.run("Div", u, z) }?.contains("division by zero") == true)
    }

    @Test func mixedTypesAreAnError() {
        let a = Tensor(uncheckedType: .int8, shape: [1], storage: .int8([1]))
        let b = Tensor(uncheckedType: .uint8, shape: [1], storage: .uint8([1]))
        #expect(NNTest.errorMessage { _ = try Self.run("Add", a, b) }?.contains("differ") == true)
    }
}
