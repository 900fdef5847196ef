"""Shared runner for the fixture scripts of issue 12's area D (distance, unique/search, einsum).

A case names an op, its keyword args and its inputs (core_ops.inp specs: values, dtype and the
view taken, so kernels meet non-contiguous strides). The record holds every output and, when the
first output is differentiable, the gradients of (out * w).sum() for fixed random weights w; or
PyTorch's error message when the call raises.
"""
import json
import math
import os

import torch

from core_ops import build, draw, values

NAMES = {torch.float32: "float32", torch.float64: "float64", torch.int64: "int32", torch.int32: "int32",
         torch.bool: "bool"}


def json_arg(v):
    """Infinite floats as the strings "inf" / "-inf" (JSON has no infinity)."""
    if isinstance(v, float) and math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if isinstance(v, (list, tuple)):
        return [json_arg(x) for x in v]
    return v


def run_case(name, fn, inputs, args):
    """fn(tensors, args) -> Tensor | tuple of Tensors. Returns the JSON record."""
    built = [build(s) for s in inputs]
    rec = {"op": name, "args": {k: json_arg(v) for k, v in args.items()}, "inputs": inputs}
    try:
        out = fn([x for _, x in built], args)
    except Exception as e:  # noqa: BLE001 - the message is the fixture
        rec["error"] = str(e).split("\n")[0]
        return rec
    outs = list(out) if isinstance(out, (tuple, list)) else [out]
    rec["out"] = [{"shape": list(o.shape), "dtype": NAMES[o.dtype], "data": values(o, NAMES[o.dtype])} for o in outs]
    first = outs[0]
    leaves = [b for b, _ in built if b.requires_grad]
    if first.requires_grad and leaves:
        w = torch.tensor(draw(list(first.shape), "normal"), dtype=first.dtype).reshape(first.shape)
        rec["w"] = values(w, NAMES[first.dtype])
        grads = torch.autograd.grad((first * w).sum(), leaves, allow_unused=True)
        it = iter(grads)
        rec["grads"] = []
        for b, _ in built:
            if not b.requires_grad:
                rec["grads"].append(None)
                continue
            g = next(it)
            rec["grads"].append(None if g is None else values(g, NAMES[b.dtype]))
        rec["gradFn"] = type(first.grad_fn).__name__
    return rec


def write(name, cases):
    out = os.path.join(os.path.dirname(__file__), "..", "..", "packages", "core", "test", "fixtures", name)
    with open(out, "w") as f:
        json.dump({"torch": torch.__version__, "cases": cases}, f, separators=(",", ":"))
    print(f"wrote {len(cases)} cases to {os.path.normpath(out)} ({os.path.getsize(out)} bytes)")
