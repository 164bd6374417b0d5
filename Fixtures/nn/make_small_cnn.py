"""Seeded generator for Fixtures/nn/small_cnn.onnx + small_cnn.json: a small untrained CNN
exported from torch (TorchScript exporter, opset 17) that chains the NN ops through a whole
InferenceSession: Conv, BatchNormalization, Relu, MaxPool (ceil_mode), depthwise Conv,
1x1 Conv, ConvTranspose, AveragePool (count_include_pad=0), GlobalAveragePool, Reshape,
Gemm. Read by Tests/RuntimeTests/Ops/NN/SmallCNNSessionTests.swift.

Expected output: torch's own forward pass in eval mode (checked against onnxruntime on the
exported file). Constant nodes are turned into initializers (same values) so the graph
needs only ops the runtime has. Run: .venv/bin/python Fixtures/nn/make_small_cnn.py
"""
import io
import json
import os

import numpy as np
import onnx
import onnxruntime as ort
import torch
import torch.nn as nn
from onnx import numpy_helper

torch.manual_seed(1234)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.f = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2, ceil_mode=True),
            nn.Conv2d(8, 8, 3, stride=2, padding=1, groups=8), nn.Conv2d(8, 16, 1), nn.ReLU(),
            nn.ConvTranspose2d(16, 8, 2, stride=2), nn.AvgPool2d(3, padding=1, count_include_pad=False),
            nn.AdaptiveAvgPool2d(1))
        self.fc = nn.Linear(8, 5)

    def forward(self, x):
        return self.fc(self.f(x).reshape(2, 8))


m = Net()
with torch.no_grad():  # non-trivial running statistics, so BatchNormalization does something
    bn = m.f[1]
    bn.running_mean.uniform_(-0.5, 0.5)
    bn.running_var.uniform_(0.5, 2.0)
    bn.weight.uniform_(0.5, 1.5)
    bn.bias.uniform_(-0.2, 0.2)
m.eval()
x = torch.randn(2, 3, 9, 9)
with torch.no_grad():
    want = m(x).numpy()

buf = io.BytesIO()
torch.onnx.export(m, (x,), buf, dynamo=False, opset_version=17, do_constant_folding=False,
                  input_names=["x"], output_names=["y"])
model = onnx.load_from_string(buf.getvalue())
keep = []
for n in model.graph.node:
    if n.op_type == "Constant":
        t = onnx.helper.get_attribute_value(n.attribute[0])
        t.name = n.output[0]
        model.graph.initializer.append(t)
    else:
        keep.append(n)
del model.graph.node[:]
model.graph.node.extend(keep)
onnx.checker.check_model(model)
ops = sorted({n.op_type for n in model.graph.node})
assert "BatchNormalization" in ops, ops

got = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"]).run(None, {"x": x.numpy()})[0]
assert np.allclose(got, want, rtol=1e-4, atol=1e-5), "onnxruntime and torch disagree"

here = os.path.dirname(os.path.abspath(__file__))
onnx.save(model, os.path.join(here, "small_cnn.onnx"))
with open(os.path.join(here, "small_cnn.json"), "w") as f:
    json.dump({"generator": "Fixtures/nn/make_small_cnn.py", "ops": ops, "source": "torch " + torch.__version__,
               "input": {"name": "x", "shape": list(x.shape), "data": [float("%.9g" % v) for v in x.numpy().ravel()]},
               "output": {"name": "y", "shape": list(want.shape), "data": [float("%.9g" % v) for v in want.ravel()]}},
              f, separators=(",", ":"))
print(ops, os.path.getsize(os.path.join(here, "small_cnn.onnx")), "bytes")
