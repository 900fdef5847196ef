"""Bit-exact fixtures for the float32 unary ops torchlet replays from SLEEF, from real PyTorch.

Run with /usr/bin/python3 (torch 1.13, AVX2). Writes packages/core/test/fixtures/core-sleef-unary.json:
per op the float32 inputs and PyTorch's outputs as int32 bit patterns (exact, NaN-safe). Each op's
inputs are specials, the inputs where the correctly rounded result differs from PyTorch's (the
ones a plain Math port gets wrong), and random values; lengths are multiples of 16 so that ops
on PyTorch's cpu_kernel_vec path (sinh, cosh) run SLEEF on every element.

Ops: tanh, expm1 (vml: SLEEF on every element), sinh, cosh, gelu(approximate='tanh') (SLEEF on
whole 16-element chunks),
and tanh's gradient through autograd (grad * (1 - y*y), the latter fused into one fma).
"""
import json
import os

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "packages", "core", "test", "fixtures",
                   "core-sleef-unary.json")
SPECIALS = [0.0, -0.0, 1e-30, -1e-30, 1e-40, -1e-40, 1.4e-45, -1.4e-45, 1e-7, -3e-4, 0.5, -1.0, 8.66, -8.66,
            8.664339742, 8.6643400, 9.0, -9.0, 16.6, -16.7, 20.0, 88.0, -88.0, 88.8, 89.0, -89.5, 100.0, -104.0,
            -105.0, 1e30, -1e30, float("inf"), float("-inf"), float("nan"), -0.2357940673828125]


def bits(t):
    return t.contiguous().numpy().view(np.int32).tolist()


def pick(op, scale, n, pool=200000):
    """specials + inputs a correctly rounded port gets wrong + random ones, n in all (n % 16 == 0)."""
    x = torch.randn(pool) * scale
    hard = x[op(x) != op(x.double()).float()]
    rest = torch.randn(n) * scale
    sel = torch.cat([torch.tensor(SPECIALS, dtype=torch.float32), hard[: n // 3], rest])[:n]
    assert len(sel) == n and n % 16 == 0
    return sel


def gelu_tanh(x):
    return torch.nn.functional.gelu(x, approximate="tanh")


def main():
    torch.manual_seed(0)
    cases = {}
    for name, op, scale, n in [("tanh", torch.tanh, 3.0, 960), ("expm1", torch.expm1, 4.0, 560),
                               ("sinh", torch.sinh, 4.0, 480), ("cosh", torch.cosh, 4.0, 480),
                               ("geluTanh", gelu_tanh, 3.0, 224)]:
        x = pick(op, scale, n)
        cases[name] = {"x": bits(x), "y": bits(op(x))}
    x = (torch.randn(256) * 2).requires_grad_()
    g = torch.randn(256)
    torch.tanh(x).backward(g)
    back = {"x": bits(x.detach()), "g": bits(g), "grad": bits(x.grad)}
    with open(OUT, "w") as f:
        json.dump({"torch": torch.__version__, "unary": cases, "tanhBackward": back}, f, separators=(",", ":"))
        f.write("\n")
    print(OUT, os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
