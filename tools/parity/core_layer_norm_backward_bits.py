"""Golden fixtures for float32 layer norm's backward bit for bit (torch 1.13, Debian's AVX2 build).

Run with /usr/bin/python3 (one thread: the dgamma/dbeta buffers are per thread). Writes
packages/core/test/fixtures/core-layer-norm-backward-bits.json: x, weight, bias, dy and the
gradients of x, weight and bias as float32 bit patterns, for row lengths with and without a
partial 8-lane vector and rows shorter than a vector.
"""
import json
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "packages", "core", "test", "fixtures", "core-layer-norm-backward-bits.json")
torch.set_num_threads(1)
torch.manual_seed(11)


def b(t):
    return t.detach().contiguous().view(torch.int32).reshape(-1).tolist()


cases = []
for M, N in [(3, 5), (4, 8), (5, 13), (4, 64), (2, 100), (1, 129)]:
    for affine in (True, False):
        x = (torch.randn(M, N) * 2 + 0.3).requires_grad_()
        w = torch.randn(N).requires_grad_() if affine else None
        bb = torch.randn(N).requires_grad_() if affine else None
        dy = torch.randn(M, N)
        torch.nn.functional.layer_norm(x, (N,), w, bb, 1e-5).backward(dy)
        cases.append({"M": M, "N": N, "x": b(x), "w": None if w is None else b(w), "b": None if bb is None else b(bb), "dy": b(dy),
                      "dx": b(x.grad), "dw": None if w is None else b(w.grad), "db": None if bb is None else b(bb.grad)})
with open(OUT, "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f, separators=(",", ":"))
    f.write("\n")
print("wrote", OUT, os.path.getsize(OUT))
