import OnnxFormat

/// CastLike: converts input 0 to the element type of input 1, whose values are ignored
/// (ai.onnx CastLike, opsets 15-25). Conversions are those of Cast; `saturate` (opset 19+,
/// default 1) concerns float8 targets only, `round_mode` (opset 24+, default "up")
/// FLOAT8E8M0 only.
struct CastLike: Operator {
    let node: NodeInfo
    let saturate: Bool
    let roundMode: SmallTypes.E8M0Rounding
    init(_ node: NodeInfo) throws {
        self.node = node
        saturate = node.opset >= 19 ? try node.int("saturate", default: 1) != 0 : true
        let rm = node.opset >= 24 ? try node.string("round_mode", default: "up") : "up"
        guard let r = SmallTypes.E8M0Rounding(rawValue: rm) else {
            throw RuntimeError.node(node, "attribute 'round_mode' = '\(rm)' is not up, down or nearest")
        }
        roundMode = r
    }
    func run(_ inputs: [Tensor?]) throws -> [Tensor] {
        let x = try node.required(inputs, 0), like = try node.required(inputs, 1)
        do { return [try Cast.convert(x, to: like.dataType, saturate: saturate, roundMode: roundMode)] } catch let e as RuntimeError {
            throw RuntimeError.node(node, e.description)
        }
    }
}

extension CastLike: ShapeInferring {
    func inferTypes(_ inputs: [ValueType?], constants: [Tensor?]) throws -> [ValueType?] {
        [ValueType(inputs.at(1)?.dataType, inputs.at(0)?.shape)]
    }
}
