import Foundation
import Testing
@testable import OnnxFormat

/// The sub-byte element types in TensorProto: INT2/UINT2 pack four elements per byte and
/// INT4/UINT4 two, low bits first (onnx.numpy_helper._pack_2bitx4 / _pack_4bitx2);
/// FLOAT8E8M0 is one byte per element.
@Suite struct PackedTypesTests {
    @Test func int2PacksFourPerByteLowBitsFirst() throws {
        // onnx.helper.make_tensor("x", INT2, [7], [1, -2, -1, 0, 1, -2, -1]).raw_data == 0x39 0x39
        let t = Tensor(uncheckedType: .int2, shape: [7], storage: .bits8([1, 2, 3, 0, 1, 2, 3]))
        let p = t.toProto(name: "x")
        #expect([UInt8](p.rawData) == [0x39, 0x39])
        #expect(try Tensor(proto: p) == t)
    }

    @Test func typedInt32DataHoldsOnePackedBytePerEntry() throws {
        var p = Onnx_TensorProto()
        p.dataType = DataType.uint2.rawValue
        p.dims = [4]
        p.int32Data = [228]  // 0b11_10_01_00: 0, 1, 2, 3
        #expect(try Tensor(proto: p).storage == .bits8([0, 1, 2, 3]))
        p.int32Data = [228, 0]
        #expect(throws: TensorError.self) { try Tensor(proto: p) }
    }

    @Test func shortRawDataIsAnError() {
        var p = Onnx_TensorProto()
        p.dataType = DataType.int2.rawValue
        p.dims = [5]
        p.rawData = Data([0x39])
        #expect(throws: TensorError.self) { try Tensor(proto: p) }
    }

    @Test func e8m0IsOneBytePerElement() throws {
        let t = Tensor(uncheckedType: .float8e8m0, shape: [3], storage: .bits8([0, 127, 255]))
        #expect(try Tensor(proto: t.toProto()) == t)
        #expect(DataType.float8e8m0.byteSize == 1 && DataType.int2.byteSize == nil && DataType.int2.packing == 4)
    }
}
