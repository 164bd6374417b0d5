import Foundation
import Testing
@testable import Frontends

/// Named torchvision models must give references that can discriminate: logits with a
/// standard deviation in [0.1, 10] after Parity's seeded healthy initialisation. Without
/// it, several of these are degenerate (vit_b_16: exactly 0) or explode (inception_v3).
@Suite(.serialized) struct TorchFrontendTests {
    static let models = ["resnet18", "resnet50", "mobilenet_v2", "mobilenet_v3_small", "efficientnet_b0",
                         "squeezenet1_0", "densenet121", "shufflenet_v2_x1_0", "regnet_y_400mf", "convnext_tiny",
                         "vit_b_16", "inception_v3", "resnet152"]

    @Test(arguments: models)
    func namedModelsHaveHealthyLogits(model: String) throws {
        let py = try PythonRuntime.shared()
        let r = try py.call("parity_torch", "reference_health", ["model": .string(model), "seed": 0])
        let std = try #require(r["std"]?.double)
        #expect(std >= 0.1 && std <= 10, "\(model): logits std \(std)")
    }

    @Test func rawInitialisationIsTheTrapWeAvoid() throws {
        let py = try PythonRuntime.shared()
        let vit = try py.call("parity_torch", "reference_health", ["model": "vit_b_16", "healthy_init": false, "batch": 1])
        #expect(vit["std"]?.double == 0)
        let eff = try py.call("parity_torch", "reference_health", ["model": "efficientnet_b0", "healthy_init": false, "batch": 1])
        #expect((eff["max_abs"]?.double ?? 1) < 1e-6)
    }

    @Test func unknownNamesGetSuggestions() throws {
        let torch = TorchFrontend(python: try PythonRuntime.shared())
        #expect {
            _ = try torch.export(.init(model: "mobilenet_v4_small"), to: "/tmp/unused.onnx")
        } throws: { e in
            "\(e)".contains("unknown torch model 'mobilenet_v4_small'") && "\(e)".contains("did you mean")
        }
    }
}
