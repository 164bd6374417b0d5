import Foundation
import OnnxFormat

/// Errors raised while loading or running a model. The message names the node and op.
public struct RuntimeError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }

    /// An error about one node: "node 'conv1' (Conv): <message>".
    public static func node(_ node: NodeInfo, _ message: String) -> RuntimeError {
        RuntimeError("node '\(node.name)' (\(node.opType)): \(message)")
    }
}

/// What an operator's initializer sees of its node: op type, domain, attributes by spec
/// name, the opset version in force for its domain, and the input/output arity.
public struct NodeInfo: Sendable {
    public let name: String
    public let opType: String
    public let domain: String
    public let opset: Int
    public let inputNames: [String]
    public let outputNames: [String]
    public let attributes: [String: Onnx_AttributeProto]
    /// The opset version of every imported domain ("" is ai.onnx): subgraphs use them.
    public let opsets: [String: Int]
    /// Names visible where the node is: its subgraphs may read them.
    public let scope: Set<String>
    /// Where external data of subgraph initializers resolves.
    public let baseDirectory: URL?

    /// Two nodes run as one step (`ConvMaxPool`): `first`'s inputs, attributes and type,
    /// `second`'s outputs, the name "first+second" (errors and profiles name both).
    init(fusing first: NodeInfo, _ second: NodeInfo) {
        opsets = first.opsets
        scope = first.scope
        baseDirectory = first.baseDirectory
        name = "\(first.name)+\(second.name)"
        opType = first.opType
        domain = first.domain
        opset = first.opset
        inputNames = first.inputNames
        outputNames = second.outputNames
        attributes = first.attributes
    }

    public init(proto: Onnx_NodeProto, opset: Int, index: Int, opsets: [String: Int] = [:],
                scope: Set<String> = [], baseDirectory: URL? = nil) {
        self.opsets = opsets.isEmpty ? ["": opset] : opsets
        self.scope = scope
        self.baseDirectory = baseDirectory
        self.name = proto.name.isEmpty ? "\(proto.opType)_\(index)" : proto.name
        self.opType = proto.opType
        self.domain = proto.domain
        self.opset = opset
        self.inputNames = proto.input
        self.outputNames = proto.output
        var attrs: [String: Onnx_AttributeProto] = [:]
        for a in proto.attribute { attrs[a.name] = a }
        self.attributes = attrs
    }

    public init(opType: String, domain: String = "", opset: Int, inputs: [String], outputs: [String],
                attributes: [Onnx_AttributeProto] = [], name: String = "") {
        self.opsets = [domain: opset]
        self.scope = []
        self.baseDirectory = nil
        self.name = name.isEmpty ? opType : name
        self.opType = opType
        self.domain = domain
        self.opset = opset
        self.inputNames = inputs
        self.outputNames = outputs
        var attrs: [String: Onnx_AttributeProto] = [:]
        for a in attributes { attrs[a.name] = a }
        self.attributes = attrs
    }

    // MARK: attributes by spec name, with spec defaults

    public func int(_ name: String, default d: Int) throws -> Int {
        guard let a = attributes[name] else { return d }
        guard a.type == .int || a.hasI else { throw RuntimeError.node(self, "attribute '\(name)' is not an int") }
        guard let v = Int(exactly: a.i) else { throw RuntimeError.node(self, "attribute '\(name)' out of range") }
        return v
    }
    public func int(_ name: String) throws -> Int? {
        guard attributes[name] != nil else { return nil }
        return try int(name, default: 0)
    }
    public func ints(_ name: String) throws -> [Int]? {
        guard let a = attributes[name] else { return nil }
        return a.ints.map { Int(clamping: $0) }
    }
    public func ints(_ name: String, default d: [Int]) throws -> [Int] { try ints(name) ?? d }
    public func float(_ name: String, default d: Float) throws -> Float {
        guard let a = attributes[name] else { return d }
        return a.f
    }
    public func floats(_ name: String) -> [Float]? { attributes[name]?.floats }
    public func string(_ name: String, default d: String) throws -> String {
        guard let a = attributes[name] else { return d }
        return String(decoding: a.s, as: UTF8.self)
    }
    public func strings(_ name: String) -> [String]? {
        attributes[name].map { $0.strings.map { String(decoding: $0, as: UTF8.self) } }
    }
    public func tensor(_ name: String) throws -> Tensor? {
        guard let a = attributes[name], a.hasT else { return nil }
        do { return try Tensor(proto: a.t) } catch { throw RuntimeError.node(self, "attribute '\(name)': \(error)") }
    }
    public func graph(_ name: String) -> Onnx_GraphProto? {
        guard let a = attributes[name], a.hasG else { return nil }
        return a.g
    }

    /// Builds the session for the subgraph attribute `name`, which may read this node's
    /// visible names.
    public func subgraph(_ name: String) throws -> InferenceSession {
        guard let g = graph(name) else { throw RuntimeError.node(self, "missing graph attribute '\(name)'") }
        do {
            return try InferenceSession(graph: g, opsets: opsets, baseDirectory: baseDirectory, outerScope: scope)
        } catch {
            throw RuntimeError.node(self, "subgraph '\(name)': \(error)")
        }
    }

    /// The input at `i`, or an error naming the node if it is absent.
    public func required(_ inputs: [Tensor?], _ i: Int) throws -> Tensor {
        guard i < inputs.count, let t = inputs[i] else {
            throw RuntimeError.node(self, "missing required input \(i)")
        }
        return t
    }
    /// The input at `i` when given (ONNX omits optional inputs with an empty name).
    public func optional(_ inputs: [Tensor?], _ i: Int) -> Tensor? {
        i < inputs.count ? inputs[i] : nil
    }
}

/// A runnable operator. Built once per node by its op's initializer (which reads and
/// validates attributes), then run any number of times.
public protocol Operator: Sendable {
    /// Computes the outputs from the inputs; absent optional inputs are nil.
    func run(_ inputs: [Tensor?]) throws -> [Tensor]
}

/// Builds an operator for one node, or throws if its attributes are invalid.
public typealias OperatorFactory = @Sendable (NodeInfo) throws -> any Operator
