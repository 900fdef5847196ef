#!/usr/bin/python3
"""Write packages/core/test/fixtures/core-linspace.json (linspace, arange) and core-stats-extra.json
(the issue-12 statistics).

Run with Debian's PyTorch: /usr/bin/python3 tools/parity/core_stats_extra.py

linspace: torch 1.13 fills an integer or float linspace in vectorised chunks (two vectors per loop
step, lanes base + k * step rounded twice, then a scalar tail; pytorch#81996; 2.x computes each
element alone, pytorch#89048). torchlet reproduces 1.13's chunks, so every case records real 1.13
output ("torch" cases). The short cases are also checked against the scalar formula
(`linspace_kernel`, what 1.13 runs below two vectors and 2.x runs always), with int8/int16 outputs
standing in for int32 there.

Statistics (stdMean, varMean, aminmax, nansum, nanmean, median, nanmedian, mode, quantile,
nanquantile, logcumsumexp, cummax, cummin): each case holds its inputs (values, shape, and the view
the op sees), every output, and the gradient of sum_k (out_k * w_k) over the float outputs. torch
1.13 has no aminmax backward; PyTorch 2.x gives each output amin's/amax's gradient (shared evenly
among ties), so that case's truth is composed from torch.amin/torch.amax after checking their values
equal torch.aminmax's.
"""
import json
import math
import os
import random
from fractions import Fraction

os.environ.setdefault("ATEN_CPU_CAPABILITY", "avx2")  # the fma-compiled kernel, as on PyTorch's x86 wheels

import numpy as np  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(1)
FIXTURES = os.path.join(os.path.dirname(__file__), "..", "..", "packages", "core", "test", "fixtures")


def num(v, dtype="float64"):
    if isinstance(v, bool):
        return v
    if dtype in ("int32", "int64", "bool"):
        return int(v)
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    # float32: the shortest decimal that rounds back to the same float32 (the tests fround it).
    return float(str(np.float32(v))) if dtype == "float32" else v


# ---- linspace ------------------------------------------------------------------------------

def round32(fr):
    """An exact rational rounded once to float32 (through double, fixing double-rounding ties)."""
    d = float(fr)
    f = np.float32(d)
    if Fraction(float(f)) != Fraction(d):
        lo = f if Fraction(float(f)) < Fraction(d) else np.nextafter(f, np.float32(-np.inf))
        hi = np.nextafter(lo, np.float32(np.inf))
        mid = (Fraction(float(lo)) + Fraction(float(hi))) / 2
        if mid == Fraction(d) and fr != mid:
            return float(lo) if fr < mid else float(hi)
    return float(f)


def fma(a, b, c, f32):
    if not all(math.isfinite(float(x)) for x in (a, b, c)):
        return float(np.float32(a * b + c)) if f32 else float(a) * float(b) + float(c)
    fr = Fraction(float(a)) * Fraction(float(b)) + Fraction(float(c))
    return round32(fr) if f32 else float(fr)


def linspace_kernel(a, b, n, dtype):
    """PyTorch 2.x's CPU linspace (RangeFactoriesKernel.cpp, scalar path, fma-contracted)."""
    if dtype == "int32":
        s, e = float(int(a)), float(int(b))
        if n == 1:
            return [int(s)]
        st = (e - s) / (n - 1)
        return [int(fma(st, i, s, False)) if i < n // 2 else int(fma(-st, n - i - 1, e, False)) for i in range(n)]
    f32 = dtype == "float32"
    T = np.float32 if f32 else np.float64
    s, e = T(a), T(b)
    if n == 1:
        return [float(s)]
    st = (e - s) / T(n - 1)
    return [fma(st, T(i), s, f32) if i < n // 2 else fma(-st, T(n - i - 1), e, f32) for i in range(n)]


SCALAR_LIMIT = {"float32": (torch.float32, 16), "float64": (torch.float64, 8), "int8": (torch.int8, 64),
                "int16": (torch.int16, 32), "int64": (torch.int64, 8)}


def linspace_cases():
    rng = random.Random(12)
    cases = []

    def add(a, b, n, dtype, source, values):
        cases.append({"start": num(a), "end": num(b), "steps": n, "dtype": dtype, "source": source,
                      "values": [num(v, dtype) for v in values]})

    # Real PyTorch (scalar path): the kernel composition must agree with every one of them.
    fixed = [(5, -5, 20, "int8"), (0, 4, 50, "int8"), (1, 32, 10, "int16"), (-2, 2, 10, "int16"), (2.7, 9.3, 1, "int64"),
             (-2.7, 9.3, 5, "int64"), (0, 1, 0, "float32"), (3, 3, 7, "float32"), (-892, 457, 7, "float32"),
             (725, -891, 7, "float64"), (0.1, 0.7, 15, "float32"), (float("inf"), 1, 3, "float32"), (-77, 81, 7, "float64")]
    for trial in range(70):
        dt = rng.choice(list(SCALAR_LIMIT))
        n = rng.randint(1, SCALAR_LIMIT[dt][1] - 1)
        r = 100 if dt == "int8" else 1000
        a = rng.uniform(-r, r) if rng.random() < 0.4 else rng.randint(-r, r)
        b = rng.uniform(-r, r) if rng.random() < 0.4 else rng.randint(-r, r)
        if dt.startswith("int") and trial % 3 == 0:
            a, b = round(a), round(b)
        fixed.append((a, b, n, dt))
    for a, b, n, dt in fixed:
        got = torch.linspace(a, b, n, dtype=SCALAR_LIMIT[dt][0]).tolist()
        ours = "int32" if dt.startswith("int") else dt
        want = linspace_kernel(a, b, n, ours)
        same = all((x == y) or (math.isnan(x) and math.isnan(y)) for x, y in zip(got, want)) and len(got) == len(want)
        assert same, ("kernel composition disagrees with torch", a, b, n, dt, got, want)
        if ours == "int32":
            # torchlet follows 1.13's int32 kernel itself (8-lane vectors): its real output.
            got = torch.linspace(a, b, n, dtype=torch.int32).tolist()
        add(a, b, n, ours, "torch", got)
    # Longer outputs (1.13 vectorises these): the 2.x kernel.
    long = [(5, -5, 20, "int32"), (0, 4, 50, "int32"), (-3, 1000, 77, "int32"), (0, 1, 100, "float32"),
            (-1, 1, 101, "float64"), (-77, 81, 31, "float32"), (-77, 81, 31, "float64"), (1e-3, 7.5, 64, "float32"),
            (123456, -98765, 41, "int32"), (0, 10, 257, "float32")]
    for _ in range(9):
        dt = rng.choice(["int32", "float32", "float64"])
        long.append((rng.uniform(-1e4, 1e4), rng.uniform(-1e4, 1e4), rng.randint(16, 60), dt))
    # torchlet reproduces 1.13's vectorised kernels for every dtype: real output throughout.
    tdt = {"int32": torch.int32, "float32": torch.float32, "float64": torch.float64}
    for a, b, n, dt in long:
        add(a, b, n, dt, "torch", torch.linspace(a, b, n, dtype=tdt[dt]).tolist())
    errors = {}
    for key, fn in {"bool": lambda: torch.linspace(0, 1, 5, dtype=torch.bool),
                    "negative": lambda: torch.linspace(0, 1, -1),
                    "int_overflow": lambda: torch.linspace(3e9, 1, 3, dtype=torch.int32),
                    "float_overflow": lambda: torch.linspace(1e39, 1, 3, dtype=torch.float32)}.items():
        try:
            fn()
            raise AssertionError(key)
        except RuntimeError as e:
            errors[key] = str(e)
    return cases, errors


def arange_cases():
    """Real torch.arange (single-threaded, AVX2 kernel: vector chunks rounded per chunk)."""
    rng = random.Random(5)
    specs = [(0.5, 5, 1, torch.int64), (-2.5, 3.2, 1.3, torch.int64), (21.12, 57.92, 0.8, torch.float32),
             (0, 1, 0.1, torch.float64), (0, 10, 0.05, torch.float32), (-1, 1, 0.013, torch.float64)]
    for _ in range(25):
        dt = rng.choice([torch.float32, torch.float64])
        a = round(rng.uniform(-100, 100), rng.randint(0, 3))
        st = round(rng.uniform(0.01, 3), rng.randint(1, 3)) * rng.choice([1, -1])
        specs.append((a, a + st * rng.randint(1, 70), st, dt))
    names = {torch.int64: "int32", torch.float32: "float32", torch.float64: "float64"}
    cases = []
    for a, b, st, dt in specs:
        v = torch.arange(a, b, st, dtype=dt)
        cases.append({"start": a, "end": b, "step": st, "dtype": names[dt], "values": [num(x, names[dt]) for x in v.tolist()]})
    return cases


# ---- statistics ----------------------------------------------------------------------------

rng = np.random.default_rng(1212)
DT = {"float32": torch.float32, "float64": torch.float64, "int32": torch.int64, "bool": torch.bool}
NAMES = {torch.float32: "float32", torch.float64: "float64", torch.int64: "int32", torch.bool: "bool"}


def draw(shape, kind):
    n = int(np.prod(shape)) if shape else 1
    if kind == "normal":
        return rng.standard_normal(n)
    if kind == "ties":  # few distinct values: ties everywhere
        return rng.integers(0, 4, n).astype(np.float64)
    if kind == "nans":  # ties and about a quarter NaN
        v = rng.integers(-2, 3, n).astype(np.float64) * 0.5
        v[rng.random(n) < 0.25] = np.nan
        return v
    if kind == "special":
        v = rng.standard_normal(n)
        v[rng.random(n) < 0.2] = np.nan
        v[rng.random(n) < 0.1] = np.inf
        v[rng.random(n) < 0.1] = -np.inf
        return v
    if kind == "int":
        return rng.integers(-3, 4, n)
    if kind == "bool":
        return rng.integers(0, 2, n).astype(bool)
    raise ValueError(kind)


def inp(shape, kind="normal", view=None, dtype="float32", grad=True):
    dtype = {"int": "int32", "bool": "bool"}.get(kind, dtype)
    data = draw(shape, kind)
    if dtype == "float32":
        data = np.asarray(data, dtype=np.float32)
    return {"shape": list(shape), "data": [num(v, dtype) for v in np.asarray(data).reshape(-1).tolist()],
            "view": view or [], "dtype": dtype, "grad": grad and dtype in ("float32", "float64")}


def build(spec):
    vals = [float(v) if isinstance(v, str) else v for v in spec["data"]]
    base = torch.tensor(vals, dtype=DT[spec["dtype"]]).reshape(spec["shape"])
    if spec["grad"]:
        base.requires_grad_(True)
    x = base
    for step in spec["view"]:
        kind, a = step[0], step[1:]
        if kind == "t":
            x = x.transpose(a[0], a[1])
        elif kind == "narrow":
            x = x.narrow(a[0], a[1], a[2])
        elif kind == "expand":
            x = x.expand(*a[0])
        elif kind == "permute":
            x = x.permute(*a[0])
        else:
            raise ValueError(kind)
    return base, x


def kw(a, *keys):
    return {k: a[k] for k in keys if k in a}


def q_of(x, a):
    return a["q"] if "q" in a else torch.tensor(a["qs"], dtype=x.dtype)


def aminmax_truth(x, a):
    dim = a.get("dim")
    ref = torch.aminmax(x.detach(), **kw(a, "dim", "keepdim"))
    dims = list(range(x.dim())) if dim is None else [dim]
    lo = torch.amin(x, dims, keepdim=a.get("keepdim", False))
    hi = torch.amax(x, dims, keepdim=a.get("keepdim", False))
    torch.testing.assert_close(lo.detach(), ref.min, rtol=0, atol=0, equal_nan=True)
    torch.testing.assert_close(hi.detach(), ref.max, rtol=0, atol=0, equal_nan=True)
    return lo, hi


STAT_OPS = {
    "stdMean": lambda x, a: torch.std_mean(x, a.get("dim"), **kw(a, "correction", "keepdim")) if "unbiased" not in a
    else torch.std_mean(x, a["dim"], a["unbiased"], **kw(a, "keepdim")),
    "varMean": lambda x, a: torch.var_mean(x, a.get("dim"), **kw(a, "correction", "keepdim")) if "unbiased" not in a
    else torch.var_mean(x, a["dim"], a["unbiased"], **kw(a, "keepdim")),
    "aminmax": aminmax_truth,
    "nansum": lambda x, a: torch.nansum(x, **kw(a, "dim", "keepdim")),
    "nanmean": lambda x, a: torch.nanmean(x, **kw(a, "dim", "keepdim")),
    "median": lambda x, a: torch.median(x) if "dim" not in a else tuple(torch.median(x, a["dim"], **kw(a, "keepdim"))),
    "nanmedian": lambda x, a: torch.nanmedian(x) if "dim" not in a else tuple(torch.nanmedian(x, a["dim"], **kw(a, "keepdim"))),
    "mode": lambda x, a: tuple(torch.mode(x, **kw(a, "dim", "keepdim"))),
    "quantile": lambda x, a: torch.quantile(x, q_of(x, a), **kw(a, "dim", "keepdim", "interpolation")),
    "nanquantile": lambda x, a: torch.nanquantile(x, q_of(x, a), **kw(a, "dim", "keepdim", "interpolation")),
    "logcumsumexp": lambda x, a: torch.logcumsumexp(x, a["dim"]),
    "cummax": lambda x, a: tuple(x.cummax(a["dim"])),
    "cummin": lambda x, a: tuple(x.cummin(a["dim"])),
}

STAT_CASES = []


def case(op, x, **args):
    STAT_CASES.append((op, x, args))


T = [["t", 0, 1]]
NC = [["narrow", 1, 1, 3], ["t", 0, 1]]  # [4, 5] -> narrowed [4, 3] -> transposed [3, 4]
EX = [["expand", [3, 4]]]  # from [1, 4]


def stat_cases():
    for op in ["stdMean", "varMean"]:
        case(op, inp([3, 4]))
        case(op, inp([3, 4]), dim=1)
        case(op, inp([3, 4], view=T), dim=0, keepdim=True, correction=0)
        case(op, inp([2, 3, 4], dtype="float64"), dim=[0, 2], correction=2)
        case(op, inp([4, 5], view=NC), dim=1, unbiased=False)
        case(op, inp([1, 4], view=EX), dim=0)
        # 0-d with correction 1: 1.13's gradient is inf, 2.x's NaN (var_backward's dof <= 0 branch): values only.
        case(op, inp([], grad=False))
        case(op, inp([]), correction=0)
        case(op, inp([0, 3]), dim=1)
    for a in [{}, {"dim": 1}, {"dim": 0, "keepdim": True}, {"dim": -1}]:
        case("aminmax", inp([3, 4], "ties"), **a)
    case("aminmax", inp([4, 5], view=NC), dim=1)
    case("aminmax", inp([1, 4], "ties", view=EX), dim=0)
    case("aminmax", inp([3, 4], "special"), dim=1)
    case("aminmax", inp([]))
    case("aminmax", inp([], dtype="float64"), dim=0)
    case("aminmax", inp([0, 3]), dim=1)
    case("aminmax", inp([3, 4], "int"), dim=1)
    for op in ["nansum", "nanmean"]:
        case(op, inp([3, 4], "nans"))
        case(op, inp([3, 4], "nans"), dim=1)
        case(op, inp([3, 4], "nans", view=T), dim=[0], keepdim=True)
        case(op, inp([2, 3, 4], "nans", dtype="float64"), dim=[0, 2])
        case(op, inp([4, 5], "special", view=NC), dim=0)
        case(op, inp([1, 4], "nans", view=EX), dim=0)
        case(op, inp([]))
        case(op, inp([0, 3]), dim=1)
        case(op, inp([0, 3]), dim=0)
    case("nansum", inp([3, 4], "int"), dim=1)
    for op in ["median", "nanmedian"]:
        kinds = ["ties", "nans"] if op == "nanmedian" else ["ties", "normal", "nans"]
        for k in kinds:
            case(op, inp([3, 5], k))
            case(op, inp([3, 5], k), dim=1)
            case(op, inp([4, 6], k), dim=0, keepdim=True)
            case(op, inp([2, 24], k, dtype="float64"), dim=1)
        case(op, inp([4, 5], "ties", view=NC), dim=0)
        case(op, inp([4, 5], "ties", view=NC))
        # Along an expanded (stride-0) dim 1.13's median returns uninitialised memory: reduce the other dim.
        case(op, inp([1, 4], "ties", view=EX), dim=1)
        case(op, inp([]))
        case(op, inp([]), dim=0)
        case(op, inp([0, 3]), dim=1)
        case(op, inp([0]))
        case(op, inp([3, 4], "int"), dim=1)
        case(op, inp([3, 4], "int"))
    for k in ["ties", "normal"]:
        case("mode", inp([3, 5], k))
        case("mode", inp([4, 6], k), dim=0, keepdim=True)
    for n in [16, 17, 24, 60]:  # std::sort's insertion-sort threshold and introsort beyond
        case("mode", inp([3, n], "ties"), dim=1)
    case("mode", inp([2, 30], "nans"), dim=1)
    case("mode", inp([2, 9], "nans"), dim=1)
    case("mode", inp([4, 5], "ties", view=NC), dim=0)
    case("mode", inp([1, 4], "ties", view=EX), dim=0)
    case("mode", inp([]))
    case("mode", inp([0, 3]), dim=1)
    case("mode", inp([3, 20], "int"), dim=1)
    case("mode", inp([3, 20], "bool"), dim=1)
    case("mode", inp([2, 50], "ties", dtype="float64"), dim=-1)
    for op in ["quantile", "nanquantile"]:
        for interp in ["linear", "lower", "higher", "midpoint", "nearest"]:
            case(op, inp([3, 5], "nans" if op == "nanquantile" else "normal"), q=0.3, dim=1, interpolation=interp)
            case(op, inp([3, 5]), qs=[0.0, 0.25, 0.5, 0.875, 1.0], interpolation=interp)
        case(op, inp([3, 5], "ties"), q=0.5)
        case(op, inp([3, 5], "nans"), qs=[0.1, 0.5, 0.9], dim=0, keepdim=True)
        case(op, inp([3, 5], "nans"), q=0.5, dim=1)
        case(op, inp([2, 3, 4], dtype="float64"), qs=[0.2, 0.7], dim=1)
        case(op, inp([3, 4], "normal"), q=0.4, keepdim=True)
        case(op, inp([4, 5], view=NC), q=0.6, dim=0)
        case(op, inp([1, 4], view=EX), qs=[0.5], dim=0)
        case(op, inp([]), q=0.25)
        case(op, inp([]), qs=[0.25, 0.75], dim=0)
        case(op, inp([3, 4], "nans"), q=0.5)
        case(op, inp([2, 4], "special"), qs=[0.3], dim=1, interpolation="midpoint")
    for d in [0, 1, -1]:
        case("logcumsumexp", inp([3, 4], "normal"), dim=d)
    case("logcumsumexp", inp([3, 4], "special"), dim=1)
    case("logcumsumexp", inp([4, 5], view=NC), dim=1)
    case("logcumsumexp", inp([1, 4], view=EX), dim=0)
    case("logcumsumexp", inp([2, 12], dtype="float64"), dim=1)
    case("logcumsumexp", inp([]), dim=0)
    case("logcumsumexp", inp([0, 3]), dim=1)
    for op in ["cummax", "cummin"]:
        case(op, inp([3, 5], "ties"), dim=1)
        case(op, inp([4, 5], "nans", view=NC), dim=0)
        case(op, inp([]), dim=0)


def run_stat(op, spec, args):
    base, x = build(spec)
    out = STAT_OPS[op](x, args)
    outs = list(out) if isinstance(out, tuple) else [out]
    res = {"op": op, "args": args, "input": spec, "out": []}
    loss = None
    ws = []
    for o in outs:
        dt = NAMES[o.dtype]
        res["out"].append({"shape": list(o.shape), "dtype": dt, "data": [num(v, dt) for v in o.detach().reshape(-1).tolist()]})
        if o.requires_grad:
            w = torch.tensor(rng.standard_normal(o.numel()), dtype=o.dtype).reshape(o.shape)
            ws.append([num(v, dt) for v in w.reshape(-1).tolist()])
            term = (o * w).sum()
            loss = term if loss is None else loss + term
        else:
            ws.append(None)
    if loss is not None and base.requires_grad:
        (g,) = torch.autograd.grad(loss, [base], allow_unused=True)
        res["w"] = ws
        gd = spec["dtype"]
        res["grad"] = None if g is None else [num(v, gd) for v in g.reshape(-1).tolist()]
    return res


def stat_errors():
    t = torch.tensor
    calls = {
        "median_bool": lambda: torch.median(t([True, False])),
        "median_dim_empty": lambda: torch.median(torch.zeros(2, 0), 1),
        "median_dim_bool": lambda: torch.median(t([True, False]), 0),
        "nanmedian_bool": lambda: torch.nanmedian(t([True, False])),
        "mode_dim_empty": lambda: torch.mode(torch.zeros(2, 0), 1),
        "aminmax_empty": lambda: torch.aminmax(torch.zeros(0)),
        "aminmax_dim_empty": lambda: torch.aminmax(torch.zeros(2, 0), dim=1),
        "nanmean_int": lambda: torch.nanmean(t([1, 2])),
        "std_mean_int": lambda: torch.std_mean(t([1, 2])),
        "var_mean_int": lambda: torch.var_mean(t([1, 2])),
        "logcumsumexp_int": lambda: torch.logcumsumexp(t([1, 2]), 0),
        "quantile_interpolation": lambda: torch.quantile(t([1.0, 2]), 0.5, interpolation="typo"),
        "quantile_q_range": lambda: torch.quantile(t([1.0, 2]), 1.5),
        "quantile_q_values": lambda: torch.quantile(t([1.0, 2]), t([0.1, 2.0])),
        "quantile_q_dims": lambda: torch.quantile(t([1.0, 2]), t([[0.5]])),
        "quantile_empty": lambda: torch.quantile(torch.zeros(0), 0.5),
        "quantile_int": lambda: torch.quantile(t([1, 2]), 0.5),
        "quantile_q_dtype": lambda: torch.quantile(t([1.0, 2]), t([0.5], dtype=torch.float64)),
        "nanquantile_q_range": lambda: torch.nanquantile(t([1.0, 2]), -0.5),
    }
    out = {}
    for k, f in calls.items():
        try:
            f()
            raise AssertionError(k)
        except (RuntimeError, IndexError) as e:
            out[k] = str(e)
    return out


def main():
    lin, lin_errors = linspace_cases()
    stat_cases()
    files = {"core-linspace.json": {"linspace": lin, "linspaceErrors": lin_errors, "arange": arange_cases()},
             "core-stats-extra.json": {"stats": [run_stat(op, x, a) for op, x, a in STAT_CASES], "statErrors": stat_errors()}}
    for name, content in files.items():
        with open(os.path.join(FIXTURES, name), "w") as f:
            json.dump(content, f, separators=(",", ":"))
    print(f"wrote {FIXTURES}: {len(lin)} linspace, {len(STAT_CASES)} statistics cases")


if __name__ == "__main__":
    main()
