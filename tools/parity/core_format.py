"""Golden fixtures for tensor printing: str(tensor) from real PyTorch 1.13.

Run with /usr/bin/python3. Writes packages/core/test/fixtures/core-format.json: each case's values
(flat, NaN/inf as strings), shape, dtype (int64 as int64; torchlet prints int32 the same way),
requires_grad, grad_fn name (the TypeScript test attaches a node of that name), print options,
the default dtype, and the expected string.
"""
import json
import math
import os

import numpy as np
import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "packages", "core", "test", "fixtures", "core-format.json")
NAMES = {torch.float32: "float32", torch.float64: "float64", torch.int32: "int32", torch.int64: "int64", torch.bool: "bool"}
CASES = []


def enc(v, f32):
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return v
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return float(str(np.float32(v))) if f32 else v


def add(name, t, opts=None, default=torch.float32):
    """Record str(t) under print options `opts` with `default` as the default dtype."""
    torch.set_default_dtype(default)
    torch.set_printoptions(profile="default", sci_mode=None)
    if opts:
        torch.set_printoptions(**{("sci_mode" if k == "sciMode" else k): v for k, v in opts.items()})
    text = str(t)
    torch.set_printoptions(profile="default", sci_mode=None)
    torch.set_default_dtype(torch.float32)
    flat = t.detach().reshape(-1)
    f32 = t.dtype == torch.float32
    vals = [enc(v, f32) for v in (flat.double().tolist() if t.dtype.is_floating_point else flat.tolist())]
    CASES.append({
        "name": name, "data": vals, "shape": list(t.shape), "dtype": NAMES[t.dtype],
        "requiresGrad": t.requires_grad and t.grad_fn is None,
        "gradFn": None if t.grad_fn is None else type(t.grad_fn).__name__,
        "opts": opts, "defaultDtype": "float64" if default == torch.float64 else "float32", "str": text,
    })


def main():
    torch.manual_seed(0)
    g = torch.randn(1, 2, requires_grad=True)
    add("randn leaf", g)
    logits = torch.randn(3, 5)
    add("nll loss", F.nll_loss(F.log_softmax(logits.requires_grad_(), 1), torch.tensor([1, 0, 4])))
    add("2x3 grad_fn", torch.randn(2, 3, requires_grad=True) * 2)
    add("floats", torch.tensor([1.5, -0.25, 3.0]))
    add("ints", torch.tensor([1, 2, 3]))
    add("negative ints", torch.tensor([[-10, 2], [3, 400]]))
    add("big ints", torch.tensor([123456789, -5]))
    add("bools", torch.tensor([True, False, True]))
    add("all true", torch.tensor([[True, True]]))
    add("float64", torch.tensor([1.5, 2.25], dtype=torch.float64))
    add("float64 scalar", torch.tensor(3.0, dtype=torch.float64))
    add("scalar", torch.tensor(0.5448))
    add("negative scalar", torch.tensor(-2.0))
    add("int scalar", torch.tensor(7))
    add("bool scalar", torch.tensor(False))
    add("int-valued floats", torch.tensor([1.0, 2.0, -3.0]))
    add("zeros", torch.zeros(2, 3))
    add("negative zero", torch.tensor([-0.0, 1.0]))
    add("sci small", torch.tensor([1e-5, 1.0, 2.5]))
    add("sci large", torch.tensor([1e10, 1.0]))
    add("sci ratio", torch.tensor([0.001, 5.0]))
    add("int mode sci", torch.tensor([1.0, 10000.0]))
    add("huge int mode", torch.tensor([1e9, 2e9]))
    add("nan inf", torch.tensor([float("nan"), 1.5, float("inf"), -float("inf")]))
    add("all nan", torch.tensor([float("nan"), float("nan")]))
    add("nan with ints", torch.tensor([float("nan"), 2.0, 3.0]))
    add("ties", torch.tensor([0.03125, 0.09375, 1.00005]))
    add("sci ties", torch.tensor([12.3125, 1e-5]))
    add("wrap", torch.randn(30))
    add("wrap ints", torch.arange(60))
    add("wrap 2d", torch.randn(3, 14))
    add("3d", torch.randn(2, 2, 3))
    add("4d", torch.randn(2, 1, 2, 2))
    add("summarised 1d", torch.randn(1001))
    add("summarised 2d", torch.randn(32, 32))
    add("summarised 3d", torch.randn(11, 7, 13))
    add("summarised ints", torch.arange(1001) * 7 - 3000)
    add("empty", torch.zeros(0))
    add("empty 2d", torch.zeros(0, 3))
    add("empty ints", torch.zeros(0, dtype=torch.int64))
    add("empty bool 3d", torch.zeros(2, 0, 1, dtype=torch.bool))
    add("empty grad", torch.zeros(0, 2, requires_grad=True))
    add("requires grad 0d", torch.tensor(1.25, requires_grad=True))
    add("long suffix", torch.randn(2, 9, requires_grad=True) * 1.5)
    add("long 1d suffix", torch.randn(8, dtype=torch.float64, requires_grad=True).exp())
    add("precision 2", torch.tensor([1.12345, -2.5]), {"precision": 2})
    add("precision 6", torch.randn(4), {"precision": 6})
    add("sci forced", torch.tensor([1.5, 2.0]), {"sciMode": True})
    add("sci off", torch.tensor([1e-6, 3.0]), {"sciMode": False})
    add("linewidth 40", torch.randn(12), {"linewidth": 40})
    add("threshold 5", torch.arange(10), {"threshold": 5})
    add("edgeitems 2", torch.randn(10, 10), {"threshold": 20, "edgeitems": 2})
    add("short profile", torch.randn(3), {"profile": "short"})
    add("default float64: float32 shows dtype", torch.tensor([1.5, 2.0], dtype=torch.float32), None, torch.float64)
    add("default float64: float64 plain", torch.tensor([1.5, 2.0], dtype=torch.float64), None, torch.float64)
    add("default float64: empty float32", torch.zeros(0, dtype=torch.float32), None, torch.float64)
    add("mixed magnitudes", torch.tensor([[100.5, -0.001], [3.0, 4.25]]))
    add("transposed", torch.arange(6.0).reshape(2, 3).t())
    with open(OUT, "w") as f:
        json.dump({"torch": torch.__version__, "cases": CASES}, f, separators=(",", ":"))
    print(f"wrote {len(CASES)} cases to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
