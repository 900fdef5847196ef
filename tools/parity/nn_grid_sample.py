"""Fixtures of F.grid_sample and F.affine_grid (issue 12, area H): every mode x padding mode x
align_corners on 4-D and 5-D inputs with grid points inside and outside [-1, 1], outputs and
d(sum(out * w)) w.r.t. input and grid; affine grids and theta's gradient; PyTorch's errors.
Run: /usr/bin/python3 tools/parity/nn_grid_sample.py
"""
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nn_common import NAMES, enc, write  # noqa: E402


def t2j(t):
    """nn_common's t2j, with float32 values as their shortest float32 text (exact after Float32Array.from)."""
    shape = list(t.shape)
    t = t.detach().contiguous().reshape(-1)
    if t.dtype == torch.float32:
        data = [enc(float(v)) if not np.isfinite(v) else float(np.format_float_positional(v, unique=True)) if abs(v) > 1e-4
                else float(np.format_float_scientific(v, unique=True)) for v in t.numpy()]
    else:
        data = [enc(v) for v in t.tolist()]
    return {"shape": shape, "dtype": NAMES[t.dtype], "data": data}

CASES = []


def probe(shape, dtype):
    """The backward weights w[i] = sin(0.7 i + 0.3) (the tests build the same)."""
    n = int(torch.tensor(shape).prod().item()) if len(shape) else 1
    return torch.sin(torch.arange(n, dtype=torch.float64) * 0.7 + 0.3).reshape(shape).to(dtype)


def case(name, in_shape, grid_shape, kwargs, dtype=torch.float32, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(*in_shape, generator=g, dtype=torch.float64).to(dtype).requires_grad_(True)
    grid = (torch.rand(*grid_shape, generator=g, dtype=torch.float64) * 2.6 - 1.3).to(dtype).requires_grad_(True)
    out = F.grid_sample(x, grid, **kwargs)
    w = probe(out.shape, dtype)
    gx, gg = torch.autograd.grad((out * w).sum(), [x, grid])
    CASES.append({"name": name, "x": t2j(x), "grid": t2j(grid), "kwargs": kwargs, "out": t2j(out),
                  "grad_x": t2j(gx), "grad_grid": t2j(gg)})


for mode in ["bilinear", "nearest", "bicubic"]:
    for pad in ["zeros", "border", "reflection"]:
        for ac in [False, True]:
            case(f"{mode} {pad} align={ac}", (1, 2, 4, 5), (1, 3, 4, 2), {"mode": mode, "padding_mode": pad, "align_corners": ac})
for pad in ["zeros", "border", "reflection"]:
    case(f"5d bilinear {pad}", (1, 2, 3, 4, 3), (1, 2, 3, 2, 3), {"mode": "bilinear", "padding_mode": pad, "align_corners": False})
case("5d nearest align", (2, 1, 3, 3, 4), (2, 2, 2, 3, 3), {"mode": "nearest", "padding_mode": "zeros", "align_corners": True})
case("bilinear float64", (2, 2, 3, 4), (2, 3, 3, 2), {"mode": "bilinear", "padding_mode": "reflection", "align_corners": False}, dtype=torch.float64)
case("bicubic float64", (1, 1, 4, 4), (1, 3, 2, 2), {"mode": "bicubic", "padding_mode": "border", "align_corners": True}, dtype=torch.float64)

AFFINE = []
for size, ac in [((2, 3, 4, 5), False), ((1, 1, 3, 3), True), ((1, 2, 2, 3, 4), False), ((2, 1, 3, 2, 2), True), ((1, 1, 1, 4), False)]:
    g = torch.Generator().manual_seed(len(AFFINE))
    nd = len(size) - 2
    theta = torch.randn(size[0], nd, nd + 1, generator=g).requires_grad_(True)
    grid = F.affine_grid(theta, list(size), align_corners=ac)
    w = probe(grid.shape, torch.float32)
    (gt,) = torch.autograd.grad((grid * w).sum(), theta)
    AFFINE.append({"size": list(size), "align_corners": ac, "theta": t2j(theta), "grid": t2j(grid), "grad": t2j(gt),
                   "grad_fn": type(grid.grad_fn).__name__})

r = torch.randn


def err(name, f):
    try:
        f()
    except Exception as e:  # noqa: BLE001
        return {"name": name, "message": str(e).split("\n")[0]}
    raise AssertionError(name + " did not raise")


ERRORS = [
    err("mode", lambda: F.grid_sample(r(1, 1, 3, 3), r(1, 2, 2, 2), mode="linear", align_corners=False)),
    err("padding", lambda: F.grid_sample(r(1, 1, 3, 3), r(1, 2, 2, 2), padding_mode="circular", align_corners=False)),
    err("rank", lambda: F.grid_sample(r(1, 1, 3, 3), r(1, 2, 2, 2, 3), align_corners=False)),
    err("batch", lambda: F.grid_sample(r(2, 1, 3, 3), r(1, 2, 2, 2), align_corners=False)),
    err("last dim", lambda: F.grid_sample(r(1, 1, 3, 3), r(1, 2, 2, 3), align_corners=False)),
    err("empty", lambda: F.grid_sample(r(1, 1, 0, 3), r(1, 2, 2, 2), align_corners=False)),
    err("bicubic 5d", lambda: F.grid_sample(r(1, 1, 3, 3, 3), r(1, 2, 2, 2, 3), mode="bicubic", align_corners=False)),
    err("affine shape", lambda: F.affine_grid(r(1, 3, 3), [1, 1, 4, 4], align_corners=False)),
    err("affine size", lambda: F.affine_grid(r(1, 2, 3), [1, 4, 4], align_corners=False)),
    err("affine 3d shape", lambda: F.affine_grid(r(1, 2, 3), [1, 1, 2, 4, 4], align_corners=False)),
    err("affine zero", lambda: F.affine_grid(r(1, 2, 3), [1, 1, 0, 4], align_corners=False)),
]

write("nn_grid_sample.json", {"cases": CASES, "affine": AFFINE, "errors": ERRORS})
