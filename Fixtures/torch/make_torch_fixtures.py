"""Seeded generator for the torch file fixtures (run with the project venv):

    .venv/bin/python Fixtures/torch/make_torch_fixtures.py

Writes small_cnn.pt (TorchScript, torch.jit.trace) and small_cnn.pt2 (torch.export
program) of the same seeded network. They exist so that `parity export-check FILE.pt` and
`FILE.pt2` are tested on files a user would bring, rather than on torchvision names.
The network mixes Conv, BatchNorm (with non-trivial running statistics), pooling, a
residual Add, Flatten and Linear, at input 3x32x32, and its logits have healthy scale.
"""
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))


class SmallCNN(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(3, 8, 3, padding=1)
        self.bn1 = torch.nn.BatchNorm2d(8)
        self.conv2 = torch.nn.Conv2d(8, 8, 3, padding=1)
        self.pool = torch.nn.AdaptiveAvgPool2d(1)
        self.fc = torch.nn.Linear(8, 10)

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        y = torch.nn.functional.max_pool2d(y, 2)
        y = y + torch.relu(self.conv2(y))
        return self.fc(torch.flatten(self.pool(y), 1))


def main():
    torch.manual_seed(1234)
    m = SmallCNN()
    with torch.no_grad():
        m.bn1.running_mean.uniform_(-0.5, 0.5)
        m.bn1.running_var.uniform_(0.5, 2.0)
        m.fc.weight.mul_(4.0)
    m.eval()
    example = torch.randn(2, 3, 32, 32)
    torch.jit.trace(m, example).save(os.path.join(HERE, "small_cnn.pt"))
    batch = torch.export.Dim("batch", min=1, max=64)
    prog = torch.export.export(m, (example,), dynamic_shapes=({0: batch},))
    torch.export.save(prog, os.path.join(HERE, "small_cnn.pt2"))
    with torch.no_grad():
        print("logits std", float(m(torch.randn(4, 3, 32, 32)).std()))


if __name__ == "__main__":
    main()
