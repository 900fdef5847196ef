"""Fixtures of the N-d pools (issue 12, area H): max/avg 1-3d, adaptive max/avg, LP, fractional, unpool.

Each case: the input (optionally read through a transpose, so the op sees a non-contiguous tensor),
keyword arguments, PyTorch's output (and indices), and d(sum(out * w))/dx for fixed weights w.
Run: /usr/bin/python3 tools/parity/nn_pool_extra.py
"""
import sys, os
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np  # noqa: E402
from nn_common import NAMES, enc, write  # noqa: E402


def t2j(t):
    """nn_common's t2j, with float32 values as their shortest float32 text (exact after Float32Array.from)."""
    shape = list(t.shape)
    t = t.detach().contiguous().reshape(-1)
    if t.dtype == torch.float32:
        data = [enc(float(v)) if not np.isfinite(v) else float(np.format_float_positional(v, unique=True)) if abs(v) > 1e-4 else float(np.format_float_scientific(v, unique=True)) for v in t.numpy()]
    else:
        data = [enc(v) for v in t.tolist()]
    return {"shape": shape, "dtype": NAMES[t.dtype], "data": data}

CASES = []


def probe(shape, dtype):
    """The backward weights w[i] = sin(0.7 i + 0.3) (the tests build the same)."""
    n = int(torch.tensor(shape).prod().item()) if len(shape) else 1
    return torch.sin(torch.arange(n, dtype=torch.float64) * 0.7 + 0.3).reshape(shape).to(dtype)


def case(name, op, shape, args=(), kwargs=None, dtype=torch.float32, transpose=False, seed=0, indices_from=None):
    g = torch.Generator().manual_seed(seed)
    if shape is not None:
        base = torch.randn(*shape, generator=g, dtype=torch.float64).to(dtype)
        x = base.clone().requires_grad_(True)
        xin = x.transpose(-1, -2) if transpose else x
    kwargs = kwargs or {}
    fn = getattr(F, op)
    extra = {}
    if op.startswith("max_unpool"):
        pool = getattr(F, op.replace("unpool", "pool"))
        pk = indices_from
        _, idx = pool(torch.randn(*pk["shape"], generator=g, dtype=dtype), pk["k"], return_indices=True)
        # a fresh input of the pooled shape (the values that get unpooled)
        x = torch.randn(*idx.shape, generator=g, dtype=torch.float64).to(dtype).requires_grad_(True)
        xin = x
        res = fn(xin, idx, *args, **kwargs)
        extra["indices_in"] = t2j(idx)
        base = x
    else:
        res = fn(xin, *args, **kwargs)
    out, ind = (res if isinstance(res, tuple) else (res, None))
    w = probe(out.shape, dtype)
    (gx,) = torch.autograd.grad((out * w).sum(), x) if out.numel() > 0 else (torch.zeros_like(x),)
    c = {"name": name, "op": op, "x": t2j(base), "transpose": transpose, "args": list(args), "kwargs": kwargs,
         "out": t2j(out), "grad": t2j(gx), "grad_fn": type(out.grad_fn).__name__ if out.grad_fn else None}
    if ind is not None:
        c["indices"] = t2j(ind)
    c.update(extra)
    CASES.append(c)


# max pools: padding, stride, dilation, ceil mode (last window starting inside input/left padding), unbatched
case("max1d basic", "max_pool1d", (2, 3, 9), (3,), {"stride": 2, "return_indices": True})
case("max1d pad dil ceil", "max_pool1d", (1, 2, 10), (3,), {"stride": 2, "padding": 1, "dilation": 2, "ceil_mode": True, "return_indices": True})
case("max1d unbatched", "max_pool1d", (3, 8), (2,), {"return_indices": True})
case("max2d ceil pad", "max_pool2d", (2, 2, 7, 6), (3,), {"stride": 2, "padding": 1, "ceil_mode": True, "return_indices": True})
case("max2d dilation rect", "max_pool2d", (1, 2, 9, 8), ((2, 3),), {"stride": (2, 1), "dilation": (2, 1), "return_indices": True})
case("max2d transposed", "max_pool2d", (1, 3, 6, 7), (2,), {"return_indices": True}, transpose=True)
case("max3d basic", "max_pool3d", (1, 2, 5, 6, 4), (2,), {"return_indices": True})
case("max3d pad ceil dil", "max_pool3d", (1, 1, 6, 5, 5), (3,), {"stride": 2, "padding": 1, "ceil_mode": True, "dilation": (1, 2, 1), "return_indices": True})
case("max3d unbatched", "max_pool3d", (1, 4, 3, 4), ((2, 1, 2),), {"stride": 1, "return_indices": True})
case("max3d float64", "max_pool3d", (1, 1, 4, 4, 3), (2,), {"stride": 1, "padding": 1}, dtype=torch.float64)
# avg pools
case("avg1d", "avg_pool1d", (2, 3, 9), (3,), {"stride": 2, "padding": 1})
case("avg1d exclude ceil", "avg_pool1d", (1, 2, 10), (4,), {"stride": 3, "padding": 2, "ceil_mode": True, "count_include_pad": False})
case("avg1d unbatched transposed", "avg_pool1d", (7, 3), (2,), {}, transpose=True)
case("avg1d ceil include", "avg_pool1d", (1, 2, 10), (4,), {"stride": 3, "padding": 1, "ceil_mode": True})
case("avg2d override ceil", "avg_pool2d", (1, 2, 7, 5), (3,), {"stride": 2, "padding": 1, "ceil_mode": True, "divisor_override": 4})
case("avg3d", "avg_pool3d", (1, 2, 4, 3, 5), (2,), {"stride": 2, "padding": 1})
case("avg3d exclude ceil", "avg_pool3d", (1, 1, 5, 4, 5), (3,), {"stride": 2, "padding": 1, "ceil_mode": True, "count_include_pad": False})
case("avg3d override", "avg_pool3d", (1, 1, 4, 4, 4), ((2, 3, 2),), {"stride": 1, "divisor_override": 5})
case("avg3d unbatched float64", "avg_pool3d", (1, 3, 4, 3), (2,), {"stride": 1, "padding": 1, "count_include_pad": False}, dtype=torch.float64)
# adaptive
case("amax1d", "adaptive_max_pool1d", (2, 3, 10), (4,), {"return_indices": True})
case("amax1d unbatched grow", "adaptive_max_pool1d", (2, 3), (5,), {"return_indices": True})
case("amax2d", "adaptive_max_pool2d", (1, 2, 7, 9), ((3, 4),), {"return_indices": True})
case("amax2d none", "adaptive_max_pool2d", (2, 5, 6), ((2, None),), {"return_indices": True})
case("amax3d", "adaptive_max_pool3d", (1, 2, 5, 7, 3), ((2, 3, 2),), {"return_indices": True})
case("amax3d transposed", "adaptive_max_pool3d", (2, 4, 5, 6), (2,), {"return_indices": True}, transpose=True)
case("aavg1d", "adaptive_avg_pool1d", (2, 3, 10), (4,))
case("aavg1d unbatched", "adaptive_avg_pool1d", (3, 7), (3,))
case("aavg3d", "adaptive_avg_pool3d", (1, 1, 4, 5, 6), ((2, 3, 4),))
case("aavg3d none float64", "adaptive_avg_pool3d", (1, 4, 5, 3), ((None, 2, 2),), dtype=torch.float64)
case("aavg3d zero out", "adaptive_avg_pool3d", (1, 1, 3, 3, 3), ((0, 2, 2),))
# lp
case("lp1d p2", "lp_pool1d", (2, 3, 9), (2, 3), {"stride": 2})
case("lp1d p3 ceil", "lp_pool1d", (1, 2, 8), (3, 3), {"ceil_mode": True})
case("lp2d p2", "lp_pool2d", (1, 2, 6, 7), (2, (2, 3)), {})
case("lp2d p1.5 stride", "lp_pool2d", (1, 2, 6, 6), (1.5, 2), {"stride": 1})
# fractional with explicit samples (seeded draws are checked separately below)
g = torch.Generator().manual_seed(5)
samples = torch.rand(1, 2, 2, generator=g)
case("frac size samples", "fractional_max_pool2d", (1, 2, 9, 8), (3,), {"output_size": (4, 3), "return_indices": True, "_random_samples": samples})
case("frac ratio samples", "fractional_max_pool2d", (1, 2, 8, 7), ((2, 3),), {"output_ratio": (0.5, 0.6), "return_indices": True, "_random_samples": samples})
samples64 = torch.rand(1, 2, 2, generator=g, dtype=torch.float64)
case("frac float64 unbatched", "fractional_max_pool2d", (2, 7, 7), (2,), {"output_size": 3, "return_indices": True, "_random_samples": samples64}, dtype=torch.float64)
# unpool
case("unpool1d", "max_unpool1d", None, (2,), {}, indices_from={"shape": (2, 2, 8), "k": 2})
case("unpool1d size", "max_unpool1d", None, (2,), {"output_size": [9]}, indices_from={"shape": (1, 2, 9), "k": 2})
case("unpool2d", "max_unpool2d", None, (2,), {}, indices_from={"shape": (1, 2, 6, 4), "k": 2})
case("unpool2d size", "max_unpool2d", None, (2,), {"output_size": (7, 5)}, indices_from={"shape": (2, 1, 7, 5), "k": 2})
case("unpool3d", "max_unpool3d", None, (2,), {"stride": 2}, indices_from={"shape": (1, 2, 4, 4, 6), "k": 2})

for c in CASES:
    kw = c["kwargs"]
    for k, v in list(kw.items()):
        if isinstance(v, torch.Tensor):
            kw[k] = t2j(v)
        elif isinstance(v, tuple):
            kw[k] = list(v)
    c["args"] = [list(a) if isinstance(a, tuple) else a for a in c["args"]]

# fractional pooling with PyTorch's own draws after manual_seed
torch.manual_seed(7)
xf = torch.randn(2, 2, 7, 8)
torch.manual_seed(11)
of, oi = F.fractional_max_pool2d(xf, 2, output_ratio=0.5, return_indices=True)
torch.manual_seed(11)
of64 = F.fractional_max_pool2d(xf.double(), (3, 2), output_size=(4, 5))
seeded = {"x": t2j(xf), "out": t2j(of), "indices": t2j(oi), "out64": t2j(of64)}


def err(name, f):
    try:
        f()
    except Exception as e:  # noqa: BLE001
        return {"name": name, "message": str(e).split("\n")[0]}
    raise AssertionError(name + " did not raise")


r = torch.randn
i64 = torch.zeros
ERRORS = [
    err("max1d rank", lambda: F.max_pool1d(r(1, 2, 3, 4), 2)),
    err("max1d empty", lambda: F.max_pool1d(r(1, 2, 0), 2)),
    err("max2d empty channel", lambda: F.max_pool2d(r(1, 0, 4, 4), 2)),
    err("max3d rank", lambda: F.max_pool3d(r(2, 4, 4), 2)),
    err("max3d pad", lambda: F.max_pool3d(r(1, 1, 4, 4, 4), 2, padding=2)),
    err("max3d too small", lambda: F.max_pool3d(r(1, 2, 4, 4, 4), 5)),
    err("max stride zero", lambda: F.max_pool1d(r(1, 2, 6), 2, stride=0)),
    err("max1d pad", lambda: F.max_pool1d(r(1, 2, 6), 2, padding=2)),
    err("max2d stride zero", lambda: F.max_pool2d(r(1, 2, 6, 6), 2, stride=0)),
    err("max2d dilation zero", lambda: F.max_pool2d(r(1, 2, 6, 6), 2, dilation=0)),
    err("avg1d rank", lambda: F.avg_pool1d(r(1, 2, 3, 4), 2)),
    err("avg1d empty", lambda: F.avg_pool1d(r(1, 0, 4), 2)),
    err("avg1d too small", lambda: F.avg_pool1d(r(1, 2, 6), 7)),
    err("avg2d rank", lambda: F.avg_pool2d(r(4, 4), 2)),
    err("avg3d rank", lambda: F.avg_pool3d(r(4, 4, 4), 2)),
    err("avg3d kernel", lambda: F.avg_pool3d(r(1, 2, 4, 4, 4), 5, padding=2)),
    err("avg3d divisor", lambda: F.avg_pool3d(r(1, 2, 4, 4, 4), 2, divisor_override=0)),
    err("avg3d pad", lambda: F.avg_pool3d(r(1, 2, 4, 4, 4), 2, padding=2)),
    err("amax1d rank", lambda: F.adaptive_max_pool1d(r(1, 2, 3, 4), 2)),
    err("amax1d size", lambda: F.adaptive_max_pool1d(r(1, 2, 4), (2, 2))),
    err("amax2d rank", lambda: F.adaptive_max_pool2d(r(4, 4), 2)),
    err("amax2d size", lambda: F.adaptive_max_pool2d(r(1, 2, 4, 4), (2, 2, 2))),
    err("amax3d rank", lambda: F.adaptive_max_pool3d(r(4, 4, 4), 2)),
    err("amax2d empty", lambda: F.adaptive_max_pool2d(r(1, 2, 0, 4), 2)),
    err("aavg1d rank", lambda: F.adaptive_avg_pool1d(r(4), 2)),
    err("aavg3d rank", lambda: F.adaptive_avg_pool3d(r(1, 2, 6), 2)),
    err("aavg3d empty", lambda: F.adaptive_avg_pool3d(r(1, 2, 0, 4, 4), 2)),
    err("lp2d rank", lambda: F.lp_pool2d(r(5, 5), 2, 2)),
    err("frac none", lambda: F.fractional_max_pool2d(r(1, 2, 6, 6), 2)),
    err("frac height", lambda: F.fractional_max_pool2d(r(1, 2, 6, 6), 2, output_size=6)),
    err("frac width", lambda: F.fractional_max_pool2d(r(1, 2, 8, 6), 2, output_size=(4, 6))),
    err("frac rank", lambda: F.fractional_max_pool2d(r(4, 4), 2, output_size=2)),
    err("frac module ratio", lambda: torch.nn.FractionalMaxPool2d(2, output_ratio=1.5)),
    err("frac module none", lambda: torch.nn.FractionalMaxPool2d(2)),
    err("unpool2d rank", lambda: F.max_unpool2d(r(2, 2), i64(2, 2, dtype=torch.long), 2)),
    err("unpool3d rank", lambda: F.max_unpool3d(r(2, 2, 2), i64(2, 2, 2, dtype=torch.long), 2)),
    err("unpool shape", lambda: F.max_unpool2d(r(1, 2, 2, 2), i64(1, 2, 2, 3, dtype=torch.long), 2)),
    err("unpool1d index", lambda: F.max_unpool1d(r(1, 2, 2), torch.tensor([[[0, 9], [0, 1]]]), 2)),
    err("unpool3d index", lambda: F.max_unpool3d(r(1, 1, 1, 1, 2), torch.tensor([[[[[0, 99]]]]]), 2)),
    err("unpool2d size", lambda: F.max_unpool2d(r(1, 2, 3, 3), i64(1, 2, 3, 3, dtype=torch.long), 2, output_size=(9, 9))),
    err("unpool2d size len", lambda: F.max_unpool2d(r(1, 2, 2, 2), i64(1, 2, 2, 2, dtype=torch.long), 2, output_size=(1, 2, 3, 4, 5))),
]

REPRS = {
    "MaxPool1d": repr(torch.nn.MaxPool1d(3, stride=2, padding=1, dilation=2, ceil_mode=True)),
    "MaxPool3d": repr(torch.nn.MaxPool3d((2, 1, 2), return_indices=True)),
    "AvgPool1d": repr(torch.nn.AvgPool1d(3, stride=2)),
    "AvgPool3d": repr(torch.nn.AvgPool3d(2, padding=1, divisor_override=3)),
    "AdaptiveMaxPool1d": repr(torch.nn.AdaptiveMaxPool1d(4)),
    "AdaptiveMaxPool2d": repr(torch.nn.AdaptiveMaxPool2d((2, None))),
    "AdaptiveMaxPool3d": repr(torch.nn.AdaptiveMaxPool3d(2, return_indices=True)),
    "AdaptiveAvgPool1d": repr(torch.nn.AdaptiveAvgPool1d(3)),
    "AdaptiveAvgPool3d": repr(torch.nn.AdaptiveAvgPool3d((None, 2, 3))),
    "LPPool1d": repr(torch.nn.LPPool1d(2, 3)),
    "LPPool2d": repr(torch.nn.LPPool2d(1.5, (2, 3), stride=1, ceil_mode=True)),
    "FractionalMaxPool2d": repr(torch.nn.FractionalMaxPool2d(2, output_ratio=0.5)),
    "MaxUnpool1d": repr(torch.nn.MaxUnpool1d(2)),
    "MaxUnpool2d": repr(torch.nn.MaxUnpool2d(3, stride=2, padding=1)),
    "MaxUnpool3d": repr(torch.nn.MaxUnpool3d(2)),
}

write("nn_pool_extra.json", {"cases": CASES, "seeded": seeded, "errors": ERRORS, "reprs": REPRS})
