"""Fixtures of F.interpolate / nn.Upsample (issue 12, area H): every mode with size or scale_factor,
align_corners, recompute_scale_factor (1/scale_factor in the source index when it is not set),
outputs and d(sum(out * w))/dx, PyTorch's errors and reprs.
Run: /usr/bin/python3 tools/parity/nn_interpolate.py
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


def case(name, shape, kwargs, dtype=torch.float32, transpose=False, seed=0):
    g = torch.Generator().manual_seed(seed)
    base = torch.randn(*shape, generator=g, dtype=torch.float64).to(dtype)
    x = base.clone().requires_grad_(True)
    xin = x.transpose(-1, -2) if transpose else x
    out = F.interpolate(xin, **kwargs)
    w = probe(out.shape, dtype)
    (gx,) = torch.autograd.grad((out * w).sum(), x) if out.numel() > 0 else (torch.zeros_like(x),)
    kw = {k: list(v) if isinstance(v, tuple) else v for k, v in kwargs.items()}
    CASES.append({"name": name, "x": t2j(base), "transpose": transpose, "kwargs": kw, "out": t2j(out),
                  "grad": t2j(gx), "grad_fn": type(out.grad_fn).__name__ if out.grad_fn else None})


# nearest: the 1x and 2x shortcuts, 1/scale_factor vs in/out, downsampling
case("nearest1d x2", (1, 2, 5), {"scale_factor": 2})
case("nearest1d scale 1.7", (1, 2, 5), {"scale_factor": 1.7})
case("nearest1d scale 1.7 recompute", (1, 2, 5), {"scale_factor": 1.7, "recompute_scale_factor": True})
case("nearest1d size 7", (2, 1, 5), {"size": 7})
case("nearest1d down 0.6", (1, 2, 9), {"scale_factor": 0.6})
case("nearest2d scales", (1, 2, 4, 5), {"scale_factor": (1.5, 2.3)})
case("nearest2d size transposed", (1, 2, 5, 4), {"size": (7, 3)}, transpose=True)
case("nearest3d", (1, 1, 3, 2, 4), {"scale_factor": (2, 1.5, 0.75)})
case("nearest-exact1d", (1, 2, 5), {"scale_factor": 1.7, "mode": "nearest-exact"})
case("nearest-exact2d size", (1, 2, 5, 6), {"size": (3, 8), "mode": "nearest-exact"})
case("nearest-exact3d", (1, 1, 3, 4, 2), {"scale_factor": 2, "mode": "nearest-exact"})
# linear family
case("linear x2", (1, 2, 5), {"scale_factor": 2, "mode": "linear"})
case("linear scale 1.7", (1, 2, 5), {"scale_factor": 1.7, "mode": "linear"})
case("linear scale 1.7 recompute", (1, 2, 5), {"scale_factor": 1.7, "mode": "linear", "recompute_scale_factor": True})
case("linear align", (2, 1, 6), {"size": 9, "mode": "linear", "align_corners": True})
case("linear down", (1, 2, 9), {"scale_factor": 0.45, "mode": "linear"})
case("linear same size scale 1.05", (1, 2, 10), {"scale_factor": 1.05, "mode": "linear"})
case("linear align size 1", (1, 2, 4), {"size": 1, "mode": "linear", "align_corners": True})
case("bilinear x2", (1, 2, 4, 5), {"scale_factor": 2, "mode": "bilinear"})
case("bilinear scales", (2, 1, 5, 6), {"scale_factor": (1.3, 0.7), "mode": "bilinear"})
case("bilinear align transposed", (1, 2, 5, 4), {"size": (6, 7), "mode": "bilinear", "align_corners": True}, transpose=True)
case("bilinear float64", (1, 2, 4, 3), {"scale_factor": 1.6, "mode": "bilinear"}, dtype=torch.float64)
case("bicubic x2", (1, 2, 4, 5), {"scale_factor": 2, "mode": "bicubic"})
case("bicubic align", (1, 1, 5, 4), {"size": (7, 6), "mode": "bicubic", "align_corners": True})
case("bicubic down scales", (1, 2, 8, 7), {"scale_factor": (0.6, 0.45), "mode": "bicubic"})
case("bicubic float64", (1, 1, 4, 4), {"scale_factor": 1.75, "mode": "bicubic"}, dtype=torch.float64)
case("trilinear", (1, 1, 3, 4, 2), {"scale_factor": 1.5, "mode": "trilinear"})
case("trilinear align", (1, 2, 2, 3, 3), {"size": (3, 4, 2), "mode": "trilinear", "align_corners": True})
# area = adaptive average pooling
case("area1d", (1, 2, 9), {"size": 4, "mode": "area"})
case("area2d scale", (1, 2, 7, 6), {"scale_factor": 0.5, "mode": "area"})
case("area3d", (1, 1, 4, 5, 3), {"size": (2, 3, 2), "mode": "area"})
case("zero batch", (0, 2, 4), {"scale_factor": 2, "mode": "linear"})

r = torch.randn


def err(name, f):
    try:
        f()
    except Exception as e:  # noqa: BLE001
        return {"name": name, "message": str(e).split("\n")[0]}
    raise AssertionError(name + " did not raise")


ERRORS = [
    err("bad mode", lambda: F.interpolate(r(1, 2, 4), scale_factor=2, mode="foo")),
    err("bilinear 3d", lambda: F.interpolate(r(1, 2, 4), scale_factor=2, mode="bilinear")),
    err("trilinear 3d", lambda: F.interpolate(r(1, 2, 4), scale_factor=2, mode="trilinear")),
    err("linear 4d", lambda: F.interpolate(r(1, 2, 4, 4), scale_factor=2, mode="linear")),
    err("trilinear 4d", lambda: F.interpolate(r(1, 2, 4, 4), scale_factor=2, mode="trilinear")),
    err("linear 5d", lambda: F.interpolate(r(1, 2, 4, 4, 4), size=3, mode="linear")),
    err("bilinear 5d", lambda: F.interpolate(r(1, 2, 4, 4, 4), size=3, mode="bilinear")),
    err("bicubic 5d", lambda: F.interpolate(r(1, 2, 4, 4, 4), scale_factor=2, mode="bicubic")),
    err("bicubic 3d", lambda: F.interpolate(r(1, 2, 4), size=3, mode="bicubic")),
    err("2d input", lambda: F.interpolate(r(2, 4), size=3)),
    err("6d input", lambda: F.interpolate(r(1, 1, 2, 2, 2, 2), size=3)),
    err("both", lambda: F.interpolate(r(1, 2, 4, 4), size=2, scale_factor=2)),
    err("neither", lambda: F.interpolate(r(1, 2, 4, 4))),
    err("align nearest", lambda: F.interpolate(r(1, 2, 4, 4), scale_factor=2, align_corners=True)),
    err("align area", lambda: F.interpolate(r(1, 2, 4), size=3, mode="area", align_corners=False)),
    err("size length", lambda: F.interpolate(r(1, 2, 4, 4), size=(2, 2, 2))),
    err("scale length", lambda: F.interpolate(r(1, 2, 4, 4), scale_factor=(2, 2, 2))),
    err("recompute with size", lambda: F.interpolate(r(1, 2, 4), size=3, recompute_scale_factor=True)),
    err("empty input 1d", lambda: F.interpolate(r(1, 2, 0), size=3)),
    err("negative scale", lambda: F.interpolate(r(1, 2, 4), scale_factor=-1.0)),
    err("zero size 2d", lambda: F.interpolate(r(1, 2, 4, 4), size=0)),
    err("zero size 3d", lambda: F.interpolate(r(1, 2, 4, 4, 4), size=0, mode="trilinear")),
]

REPRS = {
    "Upsample scale": repr(torch.nn.Upsample(scale_factor=2)),
    "Upsample size bilinear": repr(torch.nn.Upsample(size=3, mode="bilinear")),
    "Upsample scales tuple": repr(torch.nn.Upsample(scale_factor=(2, 1.5), mode="bicubic", align_corners=True)),
    "Upsample size tuple": repr(torch.nn.Upsample(size=(3, 4), mode="nearest-exact")),
    "UpsamplingNearest2d": repr(torch.nn.UpsamplingNearest2d(scale_factor=2)),
    "UpsamplingBilinear2d": repr(torch.nn.UpsamplingBilinear2d(size=4)),
}

# the modules' forwards
g = torch.Generator().manual_seed(3)
xm = torch.randn(1, 2, 3, 4, generator=g)
MODULES = {
    "x": t2j(xm),
    "upsample": t2j(torch.nn.Upsample(scale_factor=1.5, mode="bilinear")(xm)),
    "nearest2d": t2j(torch.nn.UpsamplingNearest2d(size=(5, 7))(xm)),
    "bilinear2d": t2j(torch.nn.UpsamplingBilinear2d(scale_factor=2)(xm)),
}

write("nn_interpolate.json", {"cases": CASES, "errors": ERRORS, "reprs": REPRS, "modules": MODULES})
