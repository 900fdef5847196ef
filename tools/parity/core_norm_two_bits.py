"""Golden fixtures for float32 2-norms bit for bit (torch 1.13, Debian's AVX2 build): whole
tensors of 1..20, 64, 100 and 1003 elements (8-lane body, 4-element runs, fma tail) and the
last dim of a [3, 4, 37] tensor.

Run with /usr/bin/python3. Writes packages/core/test/fixtures/core-norm-two-bits.json.
"""
import json
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "packages", "core", "test", "fixtures", "core-norm-two-bits.json")
torch.manual_seed(17)


def b(t):
    return t.detach().contiguous().view(torch.int32).reshape(-1).tolist()


cases = []
for n in list(range(1, 21)) + [64, 100, 1003]:
    x = torch.randn(n) * (0.01 if n % 3 == 0 else 1.0)
    cases.append({"shape": [n], "dim": None, "x": b(x), "out": b(torch.norm(x, 2.0))})
x = torch.randn(3, 4, 37)
cases.append({"shape": [3, 4, 37], "dim": -1, "x": b(x), "out": b(torch.norm(x, 2.0, dim=-1))})
with open(OUT, "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f, separators=(",", ":"))
    f.write("\n")
print("wrote", OUT, os.path.getsize(OUT))
