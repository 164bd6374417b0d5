import OnnxFormat

/// CastLike: converts input 0 to the element type of input 1, whose values are ignored
/// (ai.onnx CastLike, opsets 15-21). Conversions are those of Cast; `saturate` (opset 19+,
/// default 1) concerns float8 targets only.
struct CastLike: Operator {
    let node: NodeInfo
    init(_ node: NodeInfo) throws { self.node = node }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0), like = try node.required(inputs, 1)
        do { return [try Cast.convert(x, to: like.dataType)] } catch let e as RuntimeError {
            throw RuntimeError.node(node, e.description)
        }
    }
}

extension CastLike: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [ValueType(inputs.at(1)?.dataType, inputs.at(0)?.shape)]
    }
}
