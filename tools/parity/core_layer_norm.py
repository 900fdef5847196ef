"""Golden fixtures for float32 layer norm's exact bits (torch 1.13, Debian's AVX2 build).

Run with /usr/bin/python3. Writes packages/core/test/fixtures/core-layer-norm.json: inputs, weight,
bias, output, mean and rstd as float32 bit patterns (torch.native_layer_norm), for row lengths
that exercise whole 16-vector chunks, partial chunks, the cascade of several chunks, and the
scalar tail.
"""
import json
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "packages", "core", "test", "fixtures", "core-layer-norm.json")
torch.manual_seed(3)


def b(t):
    return t.contiguous().view(torch.int32).reshape(-1).tolist()


cases = []
for M, N in [(3, 5), (2, 8), (1, 16), (2, 17), (1, 64), (1, 100), (1, 129), (1, 300), (1, 1040)]:
    x = torch.randn(M, N) * 2 + 0.5
    for affine in ((True, False) if N <= 300 else (True,)):
        g = torch.randn(N) if affine else None
        bb = torch.randn(N) if affine else None
        y, mean, rstd = torch.native_layer_norm(x, (N,), g, bb, 1e-5)
        cases.append({"M": M, "N": N, "x": b(x), "g": None if g is None else b(g), "b": None if bb is None else b(bb),
                      "y": b(y), "mean": b(mean), "rstd": b(rstd)})
with open(OUT, "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f, separators=(",", ":"))
    f.write("\n")
print("wrote", OUT, os.path.getsize(OUT))
