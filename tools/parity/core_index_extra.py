"""Fixtures for issue 12's indexing, diagonal and shape ops, from real PyTorch (torch 1.13;
run with /usr/bin/python3). Writes packages/core/test/fixtures/core-index-extra.json: per case the
inputs (values, shape, an optional transpose so ops meet non-contiguous strides), the outputs,
the gradients of sum(out * w) for fixed weights w[k] = ((k % 7) - 3) / 4, and grad_fn names; or
PyTorch's error. narrow_copy has no gradient in 1.13: its truth is narrow().clone() (2.x's formula).
"""
import json
import math
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "packages", "core", "test", "fixtures", "core-index-extra.json")
DT = {torch.float32: "float32", torch.float64: "float64", torch.int64: "int32", torch.int32: "int32", torch.bool: "bool"}


def num(v):
    if isinstance(v, (bool, int)):
        return v
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def F(*shape, t=False, grad=True, k=0):
    """float32 values ((i * 7 + k) % 11 - 5) / 4, optionally seen transposed (dims 0, 1)."""
    n = math.prod(shape)
    return {"dtype": "float32", "shape": list(shape), "data": [((i * 7 + k) % 11 - 5) / 4 for i in range(n)],
            "t": t, "grad": grad}


def I(values, shape=None):
    t = torch.tensor(values, dtype=torch.int64)
    return {"dtype": "int32", "shape": list(t.shape if shape is None else shape), "data": t.reshape(-1).tolist(),
            "t": False, "grad": False}


def B(values, shape=None):
    t = torch.tensor(values, dtype=torch.bool)
    return {"dtype": "bool", "shape": list(t.shape if shape is None else shape), "data": t.reshape(-1).tolist(),
            "t": False, "grad": False}


def build(s):
    dt = {"float32": torch.float32, "int32": torch.int64, "bool": torch.bool}[s["dtype"]]
    base = torch.tensor(s["data"], dtype=dt).reshape(s["shape"])
    if s["grad"]:
        base.requires_grad_(True)
    return base, (base.transpose(0, 1) if s["t"] else base)


CASES = []


def case(cid, inputs, fn):
    CASES.append((cid, inputs, fn))


# diagonal (a view) / diag / diag_embed / trace
case("diagonal/3x4", [F(3, 4)], lambda x: x.diagonal())
case("diagonal/3x4,1", [F(3, 4)], lambda x: x.diagonal(1))
case("diagonal/3x4,-2", [F(3, 4)], lambda x: x.diagonal(-2))
case("diagonal/3x4,9", [F(3, 4)], lambda x: x.diagonal(9))
case("diagonal/2x3x4T,0,2", [F(2, 3, 4, t=True)], lambda x: x.diagonal(0, 0, 2))
case("diagonal/2x3x4,-1,-1,0", [F(2, 3, 4)], lambda x: x.diagonal(-1, -1, 0))
case("diagonal/0x3", [F(0, 3)], lambda x: x.diagonal())
case("diagonal/same", [F(3, 4)], lambda x: x.diagonal(0, 1, 1))
case("diagonal/0d", [F()], lambda x: x.diagonal())
case("diag/3", [F(3)], lambda x: x.diag())
case("diag/3,-1", [F(3)], lambda x: x.diag(-1))
case("diag/3x4T,1", [F(4, 3, t=True)], lambda x: x.diag(1))
case("diag/0", [F(0)], lambda x: x.diag(2))
case("diag/3d", [F(2, 2, 2)], lambda x: x.diag())
case("diag/0d", [F()], lambda x: x.diag())
case("diagEmbed/2x3", [F(2, 3)], lambda x: torch.diag_embed(x))
case("diagEmbed/2x3,1,0,2", [F(2, 3)], lambda x: torch.diag_embed(x, 1, 0, 2))
case("diagEmbed/3x2T,-1,2,0", [F(2, 3, t=True)], lambda x: torch.diag_embed(x, -1, 2, 0))
case("diagEmbed/same", [F(2, 3)], lambda x: torch.diag_embed(x, 0, 1, 1))
case("diagEmbed/0d", [F()], lambda x: torch.diag_embed(x))
case("trace/3x4", [F(3, 4)], lambda x: x.trace())
case("trace/4x3T", [F(3, 4, t=True)], lambda x: x.trace())
case("trace/0x3", [F(0, 3)], lambda x: x.trace())
case("trace/3d", [F(2, 2, 2)], lambda x: x.trace())
case("trilIndices/4,3", [], lambda: torch.tril_indices(4, 3))
case("trilIndices/3,5,1", [], lambda: torch.tril_indices(3, 5, 1))
case("trilIndices/3,3,-1", [], lambda: torch.tril_indices(3, 3, -1))
case("trilIndices/0,3", [], lambda: torch.tril_indices(0, 3))
case("trilIndices/neg", [], lambda: torch.tril_indices(-1, 3))
case("triuIndices/4,3", [], lambda: torch.triu_indices(4, 3))
case("triuIndices/3,5,-1", [], lambda: torch.triu_indices(3, 5, -1))
case("triuIndices/3,3,4", [], lambda: torch.triu_indices(3, 3, 4))
case("triuIndices/neg", [], lambda: torch.triu_indices(3, -2))
# unfold (a view; overlapping windows sum in the gradient)
case("unfold/7,0,3,2", [F(7)], lambda x: x.unfold(0, 3, 2))
case("unfold/7,0,3,1", [F(7)], lambda x: x.unfold(0, 3, 1))
case("unfold/3x5T,0,2,3", [F(3, 5, t=True)], lambda x: x.unfold(0, 2, 3))
case("unfold/2x3x4,-1,4,1", [F(2, 3, 4)], lambda x: x.unfold(-1, 4, 1))
case("unfold/2x3,1,0,1", [F(2, 3)], lambda x: x.unfold(1, 0, 1))
case("unfold/0d", [F()], lambda x: x.unfold(0, 1, 1))
case("unfold/0x3", [F(0, 3)], lambda x: x.unfold(1, 2, 1))
case("unfold/toobig", [F(3, 4)], lambda x: x.unfold(1, 5, 1))
case("unfold/step0", [F(3, 4)], lambda x: x.unfold(1, 2, 0))
# repeat_interleave
case("repeatInterleave/2x3,2", [F(2, 3)], lambda x: x.repeat_interleave(2))
case("repeatInterleave/2x3T,t,0", [F(2, 3, t=True), I([1, 0, 2])], lambda x, r: x.repeat_interleave(r, 0))
case("repeatInterleave/2x3,t1,1", [F(2, 3), I([3])], lambda x, r: x.repeat_interleave(r, 1))
case("repeatInterleave/2x3,0d,1", [F(2, 3), I(2)], lambda x, r: x.repeat_interleave(r, 1))
case("repeatInterleave/0d", [F(), I([2])], lambda x, r: x.repeat_interleave(r))
case("repeatInterleave/out", [F(2, 3), I([1, 2, 0])], lambda x, r: x.repeat_interleave(r, 1, output_size=3))
case("repeatInterleave/badout", [F(2, 3), I([1, 2, 0])], lambda x, r: x.repeat_interleave(r, 1, output_size=4))
case("repeatInterleave/neg", [F(2, 3), I([1, -2, 0])], lambda x, r: x.repeat_interleave(r, 1))
case("repeatInterleave/negint", [F(2, 3)], lambda x: x.repeat_interleave(-1))
case("repeatInterleave/size", [F(2, 3), I([1, 2])], lambda x, r: x.repeat_interleave(r, 1))
case("repeatInterleave/2d", [F(2, 3), I([[1, 2, 0]])], lambda x, r: x.repeat_interleave(r, 1))
case("repeatInterleave/only", [I([2, 0, 3])], lambda r: torch.repeat_interleave(r))
case("repeatInterleave/only2d", [I([[2, 0]])], lambda r: torch.repeat_interleave(r))
# take / take_along_dim / narrow_copy
case("take/3x4T", [F(4, 3, t=True), I([[0, -1], [5, 5]])], lambda x, i: torch.take(x, i))
case("take/0d", [F(), I([0, 0, -1])], lambda x, i: torch.take(x, i))
case("take/range", [F(3, 4), I([12])], lambda x, i: torch.take(x, i))
case("take/rangeneg", [F(3, 4), I([-13])], lambda x, i: torch.take(x, i))
case("take/empty", [F(0), I([0])], lambda x, i: torch.take(x, i))
case("takeAlongDim/3x4,1", [F(3, 4), I([[0], [3], [1]])], lambda x, i: torch.take_along_dim(x, i, 1))
case("takeAlongDim/bcast", [F(3, 1, k=2), I([[0, 0, 0]])], lambda x, i: torch.take_along_dim(x, i, 0))
case("takeAlongDim/bcast2", [F(1, 4), I([[0], [0], [3]])], lambda x, i: torch.take_along_dim(x, i, 1))
case("takeAlongDim/flat", [F(3, 4, t=True), I([0, 11, 4, 4])], lambda x, i: torch.take_along_dim(x, i))
case("takeAlongDim/ndim", [F(3, 4), I([0, 1])], lambda x, i: torch.take_along_dim(x, i, 0))
case("takeAlongDim/range", [F(3, 4), I([[5]])], lambda x, i: torch.take_along_dim(x, i, 0))
case("narrowCopy/3x4T", [F(4, 3, t=True)], lambda x: x.narrow(1, 1, 2).clone())
case("narrowCopy/range", [F(3, 4)], lambda x: torch.narrow_copy(x, 1, 3, 2))
# index_copy / index_fill / index_put
case("indexCopy/3x4,0", [F(3, 4), I([2, 0]), F(2, 4, k=3)], lambda x, i, s: x.index_copy(0, i, s))
case("indexCopy/4x3T,1", [F(3, 4, t=True), I([1]), F(1, 4, t=True, k=1)], lambda x, i, s: x.index_copy(1, i, s))
case("indexCopy/0dindex", [F(3, 4), I(2), F(4, k=5)], lambda x, i, s: x.index_copy(0, i, s.unsqueeze(0)))
case("indexCopy/0d", [F(), I([0]), F(k=4)], lambda x, i, s: x.index_copy(0, i, s))
case("indexCopy/neg", [F(3, 4), I([-1, 2]), F(2, 4)], lambda x, i, s: x.index_copy(0, i, s))
case("indexCopy/dim2", [F(3, 4), I([[0, 2]]), F(2, 4)], lambda x, i, s: x.index_copy(0, i, s))
case("indexCopy/count", [F(3, 4), I([0, 1, 2]), F(2, 4)], lambda x, i, s: x.index_copy(0, i, s))
case("indexCopy/slice", [F(3, 4), I([0, 1]), F(2, 3)], lambda x, i, s: x.index_copy(0, i, s))
case("indexCopy/ndim", [F(3, 4), I([0, 1]), F(2, 4, 1)], lambda x, i, s: x.index_copy(0, i, s))
case("indexCopy_/3x4,1", [F(3, 4), I([3, 0]), F(3, 2, k=2)], lambda x, i, s: x.clone().index_copy_(1, i, s))
case("indexFill/3x4,1", [F(3, 4), I([0, -1])], lambda x, i: x.index_fill(1, i, 2.5))
case("indexFill/4x3T,0,t", [F(3, 4, t=True), I([1, 1]), F(k=6)], lambda x, i, v: x.index_fill(0, i, v.reshape(())))
case("indexFill/0d", [F(), I([0])], lambda x, i: x.index_fill(0, i, -1.0))
case("indexFill/range", [F(3, 4), I([4])], lambda x, i: x.index_fill(1, i, 2.0))
case("indexFill/dim2", [F(3, 4), I([[0]])], lambda x, i: x.index_fill(1, i, 2.0))
case("indexFill/vec", [F(3, 4), I([0]), F(1)], lambda x, i, v: x.index_fill(1, i, v))
case("indexFill_/3x4,1", [F(3, 4), I([2])], lambda x, i: x.clone().index_fill_(1, i, 7.0))
case("indexPut/acc", [F(3, 4), I([0, 0, 2]), I([1, 1, 3]), F(3, k=1)],
     lambda x, i, j, v: x.index_put((i, j), v, accumulate=True))
case("indexPut/set", [F(3, 4), I([0, 2]), I([1, 3]), F(2, k=1)], lambda x, i, j, v: x.index_put((i, j), v))
case("indexPut/bcast", [F(3, 4, t=True), I([[0], [2]]), I([1, 0]), F(1, k=3)],
     lambda x, i, j, v: x.index_put((i, j), v, accumulate=True))
case("indexPut/rows", [F(3, 4), I([1, 1]), F(4, k=2)], lambda x, i, v: x.index_put((i,), v, accumulate=True))
case("indexPut/bool", [F(3, 4), B([True, False, True]), F(1, k=2)], lambda x, m, v: x.index_put((m,), v))
case("indexPut_/acc", [F(3, 4), I([2, 2]), F(2, 4, k=2)], lambda x, i, v: x.clone().index_put_((i,), v, accumulate=True))
case("indexPut/range", [F(3, 4), I([5]), F(1)], lambda x, i, v: x.index_put((i,), v))
case("indexPut/many", [F(3, 4), I([0]), I([0]), I([0]), F(1)], lambda x, i, j, k, v: x.index_put((i, j, k), v))
case("indexPut/shape", [F(3, 4), I([0, 1]), F(3, 4)], lambda x, i, v: x.index_put((i,), v))
case("indexPut/dtype", [F(3, 4), I([0, 1])], lambda x, i: x.index_put((i,), torch.ones(2, 4, dtype=torch.float64)))
# as_strided (guarded view; overlapping outputs sum, overlapping inputs divide)
case("asStrided/6,3x2", [F(6)], lambda x: x.as_strided((3, 2), (2, 1)))
case("asStrided/6,overlap", [F(6)], lambda x: x.as_strided((3, 3), (1, 1), 1))
case("asStrided/3x4T", [F(3, 4, t=True)], lambda x: x.as_strided((2, 2), (4, 1), 1))
case("asStrided/oob", [F(6)], lambda x: x.as_strided((3, 3), (2, 1), 1))
case("asStrided/negstride", [F(6)], lambda x: x.as_strided((3,), (-1,), 2))
case("asStrided/negoffset", [F(6)], lambda x: x.as_strided((3,), (1,), -1))
case("asStrided/len", [F(6)], lambda x: x.as_strided((3, 2), (1,)))
# masked_scatter (exists already): broadcast mask, non-contiguous self
case("maskedScatter/bcast", [F(3, 4, t=True), B([[True], [False], [True], [True]]), F(12, k=3)],
     lambda x, m, s: x.masked_scatter(m, s))
case("maskedScatter/short", [F(2, 2), B([True, True]), F(3)], lambda x, m, s: x.masked_scatter(m, s))


def spec_out(t):
    return {"shape": list(t.shape), "dtype": DT[t.dtype], "data": [num(v) for v in t.detach().reshape(-1).tolist()]}


def weights(n):
    return torch.tensor([((k % 7) - 3) / 4 for k in range(n)], dtype=torch.float32)


def run():
    rows = []
    for cid, specs, fn in CASES:
        built = [build(s) for s in specs]
        row = {"id": cid, "inputs": specs}
        try:
            out = fn(*[b[1] for b in built])
        except Exception as e:  # noqa: BLE001 - PyTorch's error is the expected result
            row["error"] = str(e).split("\n")[0]
            rows.append(row)
            continue
        row["out"] = spec_out(out)
        if out.requires_grad:
            row["gradFn"] = type(out.grad_fn).__name__
            leaves = [b[0] for b in built if b[0].requires_grad]
            loss = (out * weights(out.numel()).reshape(out.shape)).sum()
            gs = torch.autograd.grad(loss, leaves, allow_unused=True)
            row["grads"] = [None if g is None else spec_out(g) for g in gs]
        rows.append(row)
    with open(OUT, "w") as f:
        json.dump({"torch": torch.__version__, "cases": rows}, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(rows)} cases to {OUT}")


if __name__ == "__main__":
    run()
