#!/usr/bin/python3
"""Write packages/core/test/fixtures/indexing-{ops,views,errors}.json with real PyTorch.

For packages/core/test/{indexing,join,sort,views}.test.ts. Every case names an op, its inputs
(a contiguous base tensor, optionally turned into a non-contiguous view: transposed, permuted or
strided), JSON arguments, the outputs (values, shape, dtype, and strides for views) and, for
float inputs, the gradient of sum(out_k * w_k) with the stored upstream weights w_k.
Error cases keep PyTorch's first message line.

Index tensors are stored as int32 (torchlet's stand-in for int64) and become int64 here.
Run with Debian's PyTorch: /usr/bin/python3 tools/parity/core_indexing.py
"""
import json
import math
import os

import warnings

import torch

torch.set_num_threads(1)
warnings.filterwarnings("ignore", message=".*scatter_reduce.*")
warnings.filterwarnings("ignore", message=".*x.T.*")
torch.manual_seed(0)

HERE = os.path.dirname(__file__)
FIXTURES = os.path.join(HERE, "..", "..", "packages", "core", "test", "fixtures")

DTYPES = {"float32": torch.float32, "float64": torch.float64, "int32": torch.int64, "bool": torch.bool}
NAMES = {torch.float32: "float32", torch.float64: "float64", torch.int64: "int32", torch.int32: "int32", torch.bool: "bool"}


def enc(v):
    """JSON-safe numbers: NaN and infinities as strings."""
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
    if isinstance(v, bool):
        return int(v)
    return v


def flat(t):
    return [enc(v) for v in t.detach().contiguous().reshape(-1).tolist()]


def spec(t, view=None):
    """An input: its base tensor's data and an optional view to apply (non-contiguous)."""
    return {"data": flat(t), "shape": list(t.shape), "dtype": NAMES[t.dtype], "view": view}


def apply_view(t, view):
    if view is None:
        return t
    kind = view["kind"]
    if kind == "T":
        return t.t()
    if kind == "permute":
        return t.permute(*view["dims"])
    if kind == "stride":
        return t[tuple([slice(None)] * view["dim"] + [slice(None, None, view["step"])])]
    if kind == "expand":
        return t.expand(*view["shape"])
    raise ValueError(kind)


def dec(v):
    return float(v) if isinstance(v, str) else v


def build(s):
    base = torch.tensor([dec(v) for v in s["data"]], dtype=DTYPES[s["dtype"]]).reshape(s["shape"]) if s["data"] else \
        torch.zeros(s["shape"], dtype=DTYPES[s["dtype"]])
    if base.is_floating_point():
        base.requires_grad_(True)
    return base, apply_view(base, s["view"])


def index_item(it, tensors):
    if it is None:
        return None
    if it == "...":
        return Ellipsis
    if isinstance(it, int):
        return it
    if "slice" in it:
        return slice(*it["slice"])
    if "tensor" in it:
        return tensors[it["tensor"]]
    raise ValueError(it)


def as_outputs(r):
    if isinstance(r, torch.Tensor):
        return [r]
    return list(r)


def run(op, xs, a):
    x = xs[0]
    if op == "gather":
        return x.gather(a["dim"], xs[1])
    if op == "scatter":
        return x.scatter(a["dim"], xs[1], xs[2]) if len(xs) > 2 else x.scatter(a["dim"], xs[1], a["value"])
    if op == "scatterWithReduce":
        return x.scatter(a["dim"], xs[1], xs[2], reduce=a["reduce"])
    if op == "scatterReduce":
        return x.scatter_reduce(a["dim"], xs[1], xs[2], a["reduce"], include_self=a.get("includeSelf", True))
    if op == "scatterAdd":
        return x.scatter_add(a["dim"], xs[1], xs[2])
    if op == "indexSelect":
        return x.index_select(a["dim"], xs[1])
    if op == "indexAdd":
        return x.index_add(a["dim"], xs[1], xs[2], alpha=a.get("alpha", 1))
    if op == "maskedFill":
        return x.masked_fill(xs[1], xs[2] if len(xs) > 2 else a["value"])
    if op == "maskedSelect":
        return x.masked_select(xs[1])
    if op == "maskedScatter":
        return x.masked_scatter(xs[1], xs[2])
    if op == "cat":
        return torch.cat(xs, a["dim"])
    if op == "stack":
        return torch.stack(xs, a["dim"])
    if op == "hstack":
        return torch.hstack(xs)
    if op == "vstack":
        return torch.vstack(xs)
    if op == "sort":
        return x.sort(dim=a["dim"], descending=a.get("descending", False), stable=True)
    if op == "argsort":
        return x.sort(dim=a["dim"], descending=a.get("descending", False), stable=True).indices
    if op == "topk":
        return x.topk(a["k"], a["dim"], largest=a.get("largest", True))
    if op == "kthvalue":
        return x.kthvalue(a["k"], a["dim"], keepdim=a.get("keepdim", False))
    if op == "cumsum":
        return x.cumsum(a["dim"])
    if op == "cumprod":
        return x.cumprod(a["dim"])
    if op == "cummax":
        return x.cummax(a["dim"])
    if op == "cummin":
        return x.cummin(a["dim"])
    if op == "flip":
        return x.flip(a["dims"])
    if op == "roll":
        return x.roll(a["shifts"], a["dims"]) if "dims" in a else x.roll(a["shifts"])
    if op == "repeat":
        return x.repeat(*a["sizes"])
    if op == "tile":
        return x.tile(tuple(a["sizes"]))
    if op == "tril":
        return x.tril(a.get("diagonal", 0))
    if op == "triu":
        return x.triu(a.get("diagonal", 0))
    if op == "nonzero":
        return x.nonzero()
    if op == "index":
        return x[tuple(index_item(it, xs) for it in a["items"])]
    if op == "setIndex":
        y = x.clone()
        items = tuple(index_item(it, xs) for it in a["items"])
        y[items] = xs[a["valueInput"]] if "valueInput" in a else a["value"]
        return y
    if op == "split":
        return x.split(a["size"], a["dim"])
    if op == "chunk":
        return x.chunk(a["chunks"], a["dim"])
    if op == "unbind":
        return x.unbind(a["dim"])
    # views
    if op == "reshape":
        return x.reshape(a["shape"])
    if op == "view":
        return x.view(a["shape"])
    if op == "transpose":
        return x.transpose(a["dim0"], a["dim1"])
    if op == "permute":
        return x.permute(a["dims"])
    if op == "T":
        return x.T
    if op == "t":
        return x.t()
    if op == "squeeze":
        return x.squeeze(a["dim"]) if "dim" in a else x.squeeze()
    if op == "unsqueeze":
        return x.unsqueeze(a["dim"])
    if op == "expand":
        return x.expand(a["sizes"])
    if op == "flatten":
        return x.flatten(a.get("start", 0), a.get("end", -1))
    if op == "unflatten":
        return x.unflatten(a["dim"], a["sizes"])
    if op == "narrow":
        return x.narrow(a["dim"], a["start"], a["length"])
    if op == "select":
        return x.select(a["dim"], a["index"])
    if op == "movedim":
        return x.movedim(a["source"], a["destination"])
    raise ValueError(op)


VIEW_OPS = {"reshape", "view", "transpose", "permute", "T", "t", "squeeze", "unsqueeze", "expand", "flatten",
            "unflatten", "narrow", "select", "movedim", "split", "chunk", "unbind", "index"}


def case(name, op, inputs, args=None):
    args = args or {}
    built = [build(s) for s in inputs]
    bases = [b for b, _ in built]
    xs = [v for _, v in built]
    outs = as_outputs(run(op, xs, args))
    rec = {"name": name, "op": op, "inputs": inputs, "args": args, "outputs": []}
    loss = None
    for k, o in enumerate(outs):
        entry = {"data": flat(o), "shape": list(o.shape), "dtype": NAMES[o.dtype]}
        if op in VIEW_OPS:
            entry["strides"] = list(o.stride())
            entry["shares"] = o._base is not None or o.data_ptr() == xs[0].data_ptr()
        if o.requires_grad:
            w = torch.cos(torch.arange(o.numel(), dtype=torch.float64) * 0.7 + k).to(o.dtype).reshape(o.shape)
            entry["gradOut"] = flat(w)
            term = (o * w).sum()
            loss = term if loss is None else loss + term
        rec["outputs"].append(entry)
    if loss is not None and not args.get("noGrad", False):
        loss.backward()
        rec["grads"] = [flat(b.grad) if b.grad is not None else (None if not b.requires_grad else flat(torch.zeros_like(b)))
                        for b in bases]
        rec["gradFn"] = type(outs[0].grad_fn).__name__ if outs[0].grad_fn is not None else None
    return rec


def error_case(name, op, inputs, args=None):
    built = [build(s) for s in inputs]
    xs = [v.detach() if v.is_floating_point() else v for _, v in built]
    try:
        run(op, xs, args or {})
    except Exception as e:  # noqa: BLE001 - we record PyTorch's message, whatever the class
        return {"name": name, "op": op, "inputs": inputs, "args": args or {}, "error": str(e).split("\n")[0],
                "type": type(e).__name__}
    raise AssertionError(f"{name}: expected an error")


def randf(*shape, dtype=torch.float32):
    return torch.randn(*shape, dtype=dtype)


def idx(values):
    t = torch.tensor(values, dtype=torch.int64)
    return spec(t)


def F(*shape, view=None, dtype=torch.float32):
    return spec(randf(*shape, dtype=dtype), view)


def mask(*shape, p=0.5):
    return spec(torch.rand(*shape) < p)


def enc_tree(o):
    if isinstance(o, dict):
        return {k: enc_tree(v) for k, v in o.items()}
    if isinstance(o, list):
        return [enc_tree(v) for v in o]
    return enc(o) if isinstance(o, float) else o


def write(name, obj):
    path = os.path.join(FIXTURES, name)
    with open(path, "w") as f:
        json.dump(enc_tree(obj), f, separators=(",", ":"), allow_nan=False)
    print("wrote", path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    from core_indexing_cases import op_cases, view_cases, error_cases  # noqa: E402
    write("indexing-ops.json", op_cases(case, F, idx, mask, spec))
    write("indexing-views.json", view_cases(case, F, idx, mask, spec))
    write("indexing-errors.json", error_cases(error_case, F, idx, mask, spec))
