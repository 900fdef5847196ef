"""Golden fixtures for float32 products that OpenBLAS 0.3.21 runs through its small-matrix TN
kernel (torch 1.13 on x86-64 with AVX-512): a row-major left operand times a column-major right
one with M*N <= 1200 and K >= 32; plus K = 31, which stays on the fma-chain kernels.

Run with /usr/bin/python3. Writes packages/core/test/fixtures/core-matmul-small-tn-bits.json: a
[B, M, K], bt [B, N, K] (the right operand is bt transposed), out [B, M, N], as bit patterns.
"""
import json
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "packages", "core", "test", "fixtures", "core-matmul-small-tn-bits.json")
torch.manual_seed(13)


def b(t):
    return t.detach().contiguous().view(torch.int32).reshape(-1).tolist()


cases = []
for B, M, K, N in [(1, 32, 32, 16), (1, 5, 40, 7), (2, 6, 33, 10), (1, 9, 31, 8)]:
    a = torch.randn(B, M, K)
    bt = torch.randn(B, N, K)
    out = torch.bmm(a, bt.transpose(1, 2)) if B > 1 else torch.mm(a[0], bt[0].t()).unsqueeze(0)
    cases.append({"B": B, "M": M, "K": K, "N": N, "a": b(a), "bt": b(bt), "out": b(out)})
with open(OUT, "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f, separators=(",", ":"))
    f.write("\n")
print("wrote", OUT, os.path.getsize(OUT))
