"""Golden fixtures for @torchlet/core's torch.linalg, from real PyTorch.

Run with /usr/bin/python3 (torch 1.13). Writes packages/core/test/fixtures/core-linalg.json: per
case the inputs (values, shape, the view taken of them), the function and its arguments, every
output, and the gradients of sum_i (f_i(out_i) * w_i).sum() with respect to each input, where f_i
is the identity ("lin") or the square ("sq": for eigen/singular vectors, whose signs are free), or
the output is left out of the loss (null).
"""
import json
import math
import os

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "packages", "core", "test", "fixtures", "core-linalg.json")
rng = np.random.default_rng(20261205)
DT = {"float32": torch.float32, "float64": torch.float64}
L = torch.linalg


def num(v, dtype):
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if dtype == "int32":
        return int(v)
    return float(str(np.float32(v))) if dtype == "float32" else v


def values(t, dtype):
    return [num(v, dtype) for v in t.detach().reshape(-1).tolist()]


def draw(shape, kind):
    """Base values: normal; 'wc' well-conditioned square (normal + 3 I); 'spd' X X^T + n I;
    'sym' symmetric normal; 'rank2' products of n x 2 and 2 x n factors."""
    n = shape[-1] if shape else 1
    x = rng.standard_normal(shape)
    if kind == "wc":
        x = x + 3 * np.eye(shape[-2], n, 1 if shape[-2] < n else 0)
    elif kind == "spd":
        x = x @ np.swapaxes(x, -1, -2) + n * np.eye(n)
    elif kind == "sym":
        x = x + np.swapaxes(x, -1, -2)
    elif kind == "rank2":
        x = rng.standard_normal(shape[:-1] + (2,)) @ rng.standard_normal(shape[:-2] + (2, n))
    elif kind == "ties":
        x = rng.integers(-2, 3, shape) * 1.0
    # Short decimals keep the JSON small; the outputs stay at full precision.
    return np.round(x, 4)


def inp(shape, kind="normal", view=None, dtype="float64", grad=True):
    x = draw(tuple(shape), kind)
    if dtype == "float32":
        x = x.astype(np.float32)
    return {"shape": list(shape), "data": [num(v, dtype) for v in np.asarray(x).reshape(-1).tolist()],
            "view": view or [], "dtype": dtype, "grad": grad}


def build(spec):
    base = torch.tensor([float(v) for v in spec["data"]], dtype=DT[spec["dtype"]]).reshape(spec["shape"])
    if spec["grad"]:
        base.requires_grad_(True)
    x = base
    for step in spec["view"]:
        kind, *a = step
        if kind == "t":
            x = x.transpose(a[0], a[1])
        elif kind == "narrow":
            x = x.narrow(a[0], a[1], a[2])
        elif kind == "expand":
            x = x.expand(a[0])
        elif kind == "permute":
            x = x.permute(a[0])
        else:
            raise ValueError(kind)
    return base, x


def call(fn, xs, a):
    """The PyTorch call for fixture function `fn` with JSON arguments `a`."""
    if fn == "vectorNorm":
        return L.vector_norm(xs[0], a.get("ord", 2), a.get("dim"), a.get("keepdim", False),
                             dtype=DT[a["dtype"]] if "dtype" in a else None)
    if fn == "matrixNorm":
        return L.matrix_norm(xs[0], a.get("ord", "fro"), a.get("dim", (-2, -1)), a.get("keepdim", False))
    if fn == "norm":
        return L.norm(xs[0], a.get("ord"), a.get("dim"), a.get("keepdim", False))
    if fn == "det":
        return L.det(xs[0])
    if fn == "slogdet":
        return tuple(L.slogdet(xs[0]))
    if fn == "inv":
        return L.inv(xs[0])
    if fn == "solve":
        return L.solve(xs[0], xs[1], left=a.get("left", True))
    if fn == "cross":
        return L.cross(xs[0], xs[1], dim=a.get("dim", -1))
    if fn == "matrixPower":
        return L.matrix_power(xs[0], a["n"])
    if fn == "cholesky":
        return L.cholesky(xs[0], upper=a.get("upper", False))
    if fn == "qr":
        return tuple(L.qr(xs[0], mode=a.get("mode", "reduced")))
    if fn == "eigh":
        return tuple(L.eigh(xs[0], UPLO=a.get("UPLO", "L")))
    if fn == "eigvalsh":
        return L.eigvalsh(xs[0], UPLO=a.get("UPLO", "L"))
    if fn == "svd":
        return tuple(L.svd(xs[0], full_matrices=a.get("fullMatrices", True)))
    if fn == "svdvals":
        return L.svdvals(xs[0])
    if fn == "pinv":
        return L.pinv(xs[0], atol=a.get("atol"), rtol=a.get("rtol"), hermitian=a.get("hermitian", False))
    if fn == "matrixRank":
        return L.matrix_rank(xs[0], atol=a.get("atol"), rtol=a.get("rtol"), hermitian=a.get("hermitian", False))
    if fn == "lstsq":
        r = L.lstsq(xs[0], xs[1], a.get("rcond"), driver=a.get("driver"))
        return (r.solution, r.residuals, r.rank, r.singular_values)
    raise ValueError(fn)


def case(fn, inputs, args=None, loss=None):
    """loss: one entry per output, 'lin' | 'sq' | None; default 'lin' for the first output only."""
    args = args or {}
    built = [build(s) for s in inputs]
    res = call(fn, [x for _, x in built], args)
    outs = list(res) if isinstance(res, tuple) else [res]
    loss = loss if loss is not None else ["lin"] + [None] * (len(outs) - 1)
    out_specs = []
    for o in outs:
        dt = "int32" if o.dtype == torch.int64 else ("float32" if o.dtype == torch.float32 else "float64")
        out_specs.append({"shape": list(o.shape), "dtype": dt, "data": values(o, dt)})
    c = {"fn": fn, "args": {k: num(v, "float64") if isinstance(v, float) else v for k, v in args.items()}, "inputs": inputs, "out": out_specs, "loss": loss}
    if any(l is not None for l in loss) and any(s["grad"] for s in inputs):
        total = 0
        ws = []
        for o, l in zip(outs, loss):
            if l is None:
                ws.append(None)
                continue
            w = torch.tensor(rng.uniform(-1, 1, tuple(o.shape)), dtype=o.dtype)
            ws.append(values(w, "float64" if o.dtype == torch.float64 else "float32"))
            total = total + ((o if l == "lin" else o * o) * w).sum()
        total.backward()
        c["w"] = ws
        # A gradient PyTorch leaves undefined (vector_norm with ord 0) is zeros.
        c["grads"] = [values(b.grad if b.grad is not None else torch.zeros_like(b), s["dtype"]) if s["grad"] else None
                      for (b, _), s in zip(built, inputs)]
    return c


def cases():
    f32 = "float32"
    out = []
    # vector_norm: every ord kind, dims, keepdim, dtype, views, 0-d and empty inputs.
    for o in [2, 1, float("inf"), float("-inf"), 0, 3, 0.5, -1.5]:
        out.append(case("vectorNorm", [inp([3, 4])], {"ord": o, "dim": 1}))
    out.append(case("vectorNorm", [inp([2, 3, 4], view=[["t", 0, 2]])], {"ord": 2, "dim": [0, 2], "keepdim": True}))
    out.append(case("vectorNorm", [inp([3, 4], dtype=f32)], {}))
    out.append(case("vectorNorm", [inp([3, 4], dtype=f32)], {"ord": 3, "dtype": "float64"}))
    out.append(case("vectorNorm", [inp([4, 3], kind="ties")], {"ord": float("inf"), "dim": -1}))
    out.append(case("vectorNorm", [inp([])], {"ord": 2}))
    out.append(case("vectorNorm", [inp([0, 3])], {"ord": 2, "dim": 0}))
    out.append(case("vectorNorm", [inp([1, 4], view=[["expand", [3, 4]]])], {"ord": 1.5}))
    # matrix_norm: every ord, batched, other dims, keepdim.
    for o in ["fro", "nuc", float("inf"), float("-inf"), 1, -1, 2, -2]:
        out.append(case("matrixNorm", [inp([3, 4])], {"ord": o}))
    out.append(case("matrixNorm", [inp([2, 3, 3], dtype=f32)], {"ord": "nuc"}))
    out.append(case("matrixNorm", [inp([3, 2, 4])], {"ord": 1, "dim": [2, 0], "keepdim": True}))
    out.append(case("matrixNorm", [inp([3, 2, 4])], {"ord": -2, "dim": [0, 2], "keepdim": True}))
    # norm dispatch.
    out.append(case("norm", [inp([2, 3, 4])], {}))
    out.append(case("norm", [inp([3, 4])], {"ord": "fro"}))
    out.append(case("norm", [inp([5])], {"ord": float("inf")}))
    out.append(case("norm", [inp([3, 4])], {"ord": 2}))
    out.append(case("norm", [inp([2, 3, 4])], {"dim": 1, "keepdim": True}))
    out.append(case("norm", [inp([2, 3, 4])], {"ord": "nuc", "dim": [0, 1]}))
    # det / slogdet / inv.
    out.append(case("det", [inp([3, 3], "wc")]))
    out.append(case("det", [inp([2, 4, 4], "wc", view=[["t", 1, 2]])]))
    out.append(case("det", [inp([3, 3], "wc", dtype=f32)]))
    out.append(case("det", [inp([1, 3, 3], "wc", view=[["expand", [2, 3, 3]]])]))
    out.append(case("det", [inp([0, 3, 3])]))
    out.append(case("det", [inp([3, 3], "rank2", grad=False)]))
    out.append(case("slogdet", [inp([3, 3])], loss=[None, "lin"]))
    out.append(case("slogdet", [inp([2, 4, 4], "wc")], loss=[None, "lin"]))
    out.append(case("slogdet", [inp([3, 3], "wc", dtype=f32)], loss=[None, "lin"]))
    out.append(case("inv", [inp([3, 3], "wc")]))
    out.append(case("inv", [inp([2, 4, 5], "wc", view=[["narrow", 2, 1, 4]])]))
    out.append(case("inv", [inp([4, 4], "wc", dtype=f32)]))
    # solve: vector and matrix B, batched and broadcast.
    out.append(case("solve", [inp([3, 3], "wc"), inp([3])]))
    out.append(case("solve", [inp([2, 3, 3], "wc"), inp([3, 2])]))
    out.append(case("solve", [inp([2, 3, 3], "wc"), inp([2, 3])]))
    out.append(case("solve", [inp([1, 3, 3], "wc"), inp([2, 3, 4])]))
    out.append(case("solve", [inp([3, 3], "wc", view=[["t", 0, 1]]), inp([3, 2], dtype="float64")]))
    out.append(case("solve", [inp([3, 3], "wc", dtype=f32), inp([3, 2], dtype=f32)]))
    out.append(case("solve", [inp([3, 3], "wc"), inp([2, 3])], {"left": False}))
    # cross.
    out.append(case("cross", [inp([4, 3]), inp([4, 3])]))
    out.append(case("cross", [inp([1, 3]), inp([4, 3])]))
    out.append(case("cross", [inp([3, 2]), inp([3, 2], view=[["t", 0, 1], ["t", 0, 1]])], {"dim": 0}))
    out.append(case("cross", [inp([2, 3], dtype=f32), inp([2, 3], dtype=f32)]))
    # matrix_power.
    for n in [0, 1, 2, 3, 5, -2]:
        out.append(case("matrixPower", [inp([3, 3], "wc")], {"n": n}, loss=None if n != 0 else [None]))
    out.append(case("matrixPower", [inp([2, 3, 3])], {"n": 4}))
    # cholesky.
    out.append(case("cholesky", [inp([3, 3], "spd")]))
    out.append(case("cholesky", [inp([3, 3], "spd")], {"upper": True}))
    out.append(case("cholesky", [inp([2, 4, 4], "spd", dtype=f32)]))
    # qr.
    out.append(case("qr", [inp([4, 3])], loss=["lin", "lin"]))
    out.append(case("qr", [inp([4, 3])], {"mode": "complete"}, loss=[None, None]))
    out.append(case("qr", [inp([3, 5])], loss=["lin", "lin"]))
    out.append(case("qr", [inp([3, 5])], {"mode": "complete"}, loss=["lin", "lin"]))
    out.append(case("qr", [inp([4, 3])], {"mode": "r"}, loss=[None, None]))
    out.append(case("qr", [inp([2, 3, 3], dtype=f32, view=[["t", 1, 2]])], loss=["lin", "lin"]))
    out.append(case("qr", [inp([4, 3])], loss=[None, "lin"]))
    # eigh: eigenvector signs are free, so their loss is squared.
    out.append(case("eigh", [inp([3, 3], "sym")], loss=["lin", "sq"]))
    out.append(case("eigh", [inp([4, 4])], {"UPLO": "U"}, loss=["lin", "sq"]))
    out.append(case("eigh", [inp([4, 4])], {"UPLO": "L"}, loss=["lin", "sq"]))
    out.append(case("eigh", [inp([2, 3, 3], "sym", dtype=f32)], loss=["lin", "sq"]))
    out.append(case("eigvalsh", [inp([4, 4], "sym")]))
    # svd / svdvals: singular vector signs are free too.
    out.append(case("svd", [inp([4, 3])], {"fullMatrices": False}, loss=["sq", "lin", "sq"]))
    out.append(case("svd", [inp([3, 5])], {"fullMatrices": False}, loss=["sq", "lin", "sq"]))
    out.append(case("svd", [inp([4, 2])], {"fullMatrices": True}, loss=[None, "lin", None]))
    out.append(case("svd", [inp([2, 3, 3], dtype=f32)], {"fullMatrices": False}, loss=["sq", "lin", "sq"]))
    out.append(case("svdvals", [inp([4, 3])]))
    out.append(case("svdvals", [inp([2, 3, 5], view=[["t", 1, 2]])]))
    # pinv, matrix_rank, lstsq.
    out.append(case("pinv", [inp([4, 3])]))
    out.append(case("pinv", [inp([3, 5])]))
    out.append(case("pinv", [inp([3, 3], "spd")], {"hermitian": True}))
    out.append(case("pinv", [inp([4, 4], "rank2", grad=False)]))
    out.append(case("pinv", [inp([2, 3, 3], dtype=f32)]))
    out.append(case("matrixRank", [inp([4, 3], grad=False)]))
    out.append(case("matrixRank", [inp([2, 4, 4], "rank2", grad=False)]))
    out.append(case("matrixRank", [inp([3, 3], "sym", grad=False)], {"hermitian": True}))
    out.append(case("matrixRank", [inp([4, 4], grad=False)], {"atol": 1.0}))
    out.append(case("matrixRank", [inp([4, 4], grad=False)], {"rtol": 0.3}))
    out.append(case("lstsq", [inp([5, 3]), inp([5, 2])]))
    # torch 1.13's lstsq backward fails for a vector B (IndexError), so this case has no gradients.
    out.append(case("lstsq", [inp([5, 3], grad=False), inp([5], grad=False)]))
    out.append(case("lstsq", [inp([2, 5, 3]), inp([1, 5, 2])]))
    out.append(case("lstsq", [inp([5, 3]), inp([5, 2])], {"driver": "gelsd"}))
    out.append(case("lstsq", [inp([3, 5]), inp([3, 2])]))
    out.append(case("lstsq", [inp([5, 3], dtype=f32), inp([5, 2], dtype=f32)]))
    # Larger matrices: the Jacobi solvers against LAPACK beyond toy sizes.
    out.append(case("eigvalsh", [inp([10, 10], "sym")]))
    out.append(case("svdvals", [inp([12, 8])]))
    out.append(case("det", [inp([10, 10], "wc")]))
    return out


def main():
    data = {"cases": cases()}
    with open(OUT, "w") as f:
        json.dump(data, f, separators=(",", ":"))
    print(f"wrote {len(data['cases'])} cases to {OUT} ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()
