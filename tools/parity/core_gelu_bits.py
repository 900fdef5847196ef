"""Golden fixtures for float32 exact gelu and its gradient bit for bit (torch 1.13, Debian's build).

Run with /usr/bin/python3. torch 1.13 sends a contiguous float32 gelu of 2+ elements, and its
backward, to oneDNN's gelu_erf kernels. Writes packages/core/test/fixtures/core-gelu-bits.json:
x, gelu(x), an upstream gradient g and x.grad, as float32 bit patterns.
"""
import json
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "packages", "core", "test", "fixtures", "core-gelu-bits.json")
torch.manual_seed(7)


def b(t):
    return t.detach().contiguous().view(torch.int32).reshape(-1).tolist()


special = torch.tensor([0.0, -0.0, 1e-30, -1e-30, 1e-40, 5.0, -5.0, 9.5, -9.5, 13.2, -13.2, 20.0, -20.0, 88.0, -88.0, 3e38, -3e38])
x = torch.cat([special, torch.randn(1200) * 2, torch.randn(300) * 8]).requires_grad_()
g = torch.randn(x.numel())
y = torch.nn.functional.gelu(x)
y.backward(g)
with open(OUT, "w") as f:
    json.dump({"torch": torch.__version__, "x": b(x), "y": b(y), "g": b(g), "dx": b(x.grad)}, f, separators=(",", ":"))
    f.write("\n")
print("wrote", OUT, os.path.getsize(OUT))
