"""Golden fixtures for @torchlet/core's math ops, from real PyTorch.

Run with /usr/bin/python3 (torch 1.13). Writes packages/core/test/fixtures/core-ops.json: for each
case the inputs (values, shape, and the view taken of them: transposed, narrowed, expanded or
permuted, so kernels meet non-contiguous strides), the op's output, and the gradients of
(out * w).sum() with respect to every input that requires grad, for fixed random weights w.

Values are float32 written in their shortest round-trip decimal form; NaN and infinities as the
strings "nan", "inf", "-inf".
"""
import json
import math
import os

import numpy as np
import torch

from core_ops_table import OPS

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "packages", "core", "test", "fixtures", "core-ops.json")
rng = np.random.default_rng(20240611)
DT = {"float32": torch.float32, "float64": torch.float64, "int32": torch.int64, "bool": torch.bool}


def num(v, dtype):
    if dtype == "bool":
        return bool(v)
    if dtype == "int32":
        return int(v)
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return float(str(np.float32(v))) if dtype == "float32" else v


def values(t, dtype):
    return [num(v, dtype) for v in t.detach().reshape(-1).tolist()]


def draw(shape, kind):
    n = int(np.prod(shape)) if shape else 1
    if kind == "normal":
        v = rng.standard_normal(n)
    elif kind == "pos":
        v = np.abs(rng.standard_normal(n)) + 0.2
    elif kind == "unit":
        v = rng.uniform(-0.95, 0.95, n)
    elif kind == "weight":
        v = rng.uniform(-0.2, 1.2, n)
    elif kind == "ties":
        v = rng.integers(-2, 3, n) * 0.5
    elif kind == "big":
        v = rng.standard_normal(n) * 3
    elif kind == "special":
        v = rng.standard_normal(n)
        v[: min(n, 3)] = [np.nan, np.inf, -np.inf][: min(n, 3)]
    elif kind == "bool":
        return rng.integers(0, 2, n).astype(bool)
    elif kind == "int":
        return rng.integers(-5, 6, n)
    else:
        raise ValueError(kind)
    return v.astype(np.float32)


def inp(shape, kind="normal", view=None, dtype="float32", grad=True):
    """An input: base values of `shape`, then `view` (a list of view steps) applied."""
    if kind == "bool":
        dtype = "bool"
    if kind == "int":
        dtype = "int32"
    data = draw(shape, kind)
    return {"shape": list(shape), "data": [num(v, dtype) for v in np.asarray(data).reshape(-1).tolist()],
            "view": view or [], "dtype": dtype, "grad": grad and dtype in ("float32", "float64")}


def build(spec):
    """The base leaf tensor and the viewed tensor the op sees."""
    vals = [float(v) if isinstance(v, str) else v for v in spec["data"]]
    base = torch.tensor(vals, dtype=DT[spec["dtype"]]).reshape(spec["shape"])
    if spec["grad"]:
        base.requires_grad_(True)
    x = base
    for step in spec["view"]:
        kind = step[0]
        if kind == "t":
            x = x.transpose(step[1], step[2])
        elif kind == "narrow":
            x = x.narrow(step[1], step[2], step[3])
        elif kind == "expand":
            x = x.expand(*step[1])
        elif kind == "permute":
            x = x.permute(*step[1])
        elif kind == "select":
            x = x.select(step[1], step[2])
        else:
            raise ValueError(kind)
    return base, x


CASES = []


def case(op, inputs, exact=False, exact_grads=False, **args):
    """exact: the TypeScript output must equal PyTorch's bit for bit; exact_grads: the gradients too."""
    CASES.append({"op": op, "args": args, "inputs": inputs, "exact": exact, "exactGrads": exact_grads})


def run(c):
    built = [build(s) for s in c["inputs"]]
    out = OPS[c["op"]]([x for _, x in built], c["args"])
    outs = list(out) if isinstance(out, tuple) else [out]
    res = {"op": c["op"], "args": c["args"], "inputs": c["inputs"], "exact": c["exact"], "out": []}
    if c["exactGrads"]:
        res["exactGrads"] = True
    for o in outs:
        dtype = {torch.float32: "float32", torch.float64: "float64", torch.int64: "int32", torch.bool: "bool"}[o.dtype]
        res["out"].append({"shape": list(o.shape), "dtype": dtype, "data": values(o, dtype)})
    first = outs[0]
    leaves = [b for b, _ in built if b.requires_grad]
    if first.requires_grad and leaves and not c["op"].endswith("_"):
        w = torch.tensor(draw(list(first.shape), "normal"), dtype=first.dtype).reshape(first.shape)
        res["w"] = values(w, "float32" if first.dtype == torch.float32 else "float64")
        grads = torch.autograd.grad((first * w).sum(), leaves, allow_unused=True)
        it = iter(grads)
        res["grads"] = []
        for b, _ in built:
            if not b.requires_grad:
                res["grads"].append(None)
                continue
            g = next(it)
            res["grads"].append(None if g is None else values(g, "float32" if b.dtype == torch.float32 else "float64"))
    return res


T = [["t", 0, 1]]


def elementwise_cases():
    binary_shapes = [
        ([2, 3], [2, 3]), ([2, 3], [3]), ([4, 1], [1, 3]), ([2, 1, 3], [4, 1]), ([], [2, 2]), ([3], []),
        ([0, 3], [3]),
    ]
    for op in ["add", "sub", "mul", "div", "maximum", "minimum"]:
        for sa, sb in binary_shapes:
            kb = "pos" if op == "div" else "normal"
            case(op, [inp(sa), inp(sb, kb)], exact=True)
        # non-contiguous: transposed and expanded operands
        case(op, [inp([3, 2], view=T), inp([2, 3], "pos" if op == "div" else "normal")], exact=True)
        case(op, [inp([3, 4], view=[["narrow", 1, 1, 2], ["t", 0, 1]]), inp([1, 3], view=[["expand", [2, 3]]])], exact=True)
    for s in [0.1, -2.5, 3]:
        for op in ["add", "sub", "mul", "div"]:
            case(op, [inp([2, 3])], exact=True, s=s)
    for alpha in [-0.37, 2.5]:
        case("add", [inp([2, 3]), inp([3])], exact=True, alpha=alpha)
        case("sub", [inp([3, 2], view=T), inp([2, 3])], exact=True, alpha=alpha)
        # A scalar `other` with alpha: PyTorch's compiled scalar loop mixes fused and unfused
        # roundings by position, so only the tolerance is checked.
        case("add", [inp([2, 3])], s=0.3, alpha=alpha)
    case("add", [inp([20])], s=0.1, alpha=-0.01)
    case("pow", [inp([2, 3], "pos"), inp([3])], exact=False)
    case("pow", [inp([2, 3], "pos", view=None), inp([2, 1], "unit")])
    for e in [2, 3, 0.5, -1, -2, -0.5, 1.7, 0]:
        case("pow", [inp([2, 3], "pos")], exact=e in (2, 3, 0.5, -1, -2, -0.5, 0), s=e)
    case("pow", [inp([3, 2], "pos", view=T)], exact=True, s=3)
    for op in ["eq", "ne", "lt", "le", "gt", "ge"]:
        case(op, [inp([2, 3], "ties"), inp([3], "ties")], exact=True)
        case(op, [inp([3, 2], "ties", view=T)], exact=True, s=0.5)
    case("lt", [inp([4], "normal")], exact=True, s=0.1)
    case("logicalAnd", [inp([2, 3], "bool"), inp([3], "bool")], exact=True)
    case("logicalOr", [inp([2, 3], "ties"), inp([2, 1], "ties")], exact=True)
    case("logicalNot", [inp([2, 3], "ties")], exact=True)
    case("isnan", [inp([5], "special")], exact=True)
    case("isfinite", [inp([5], "special")], exact=True)

    unary = {
        "neg": "normal", "abs": "normal", "exp": "normal", "log": "pos", "log1p": "pos", "expm1": "normal",
        "sqrt": "pos", "rsqrt": "pos", "sin": "normal", "cos": "normal", "tanh": "normal", "sigmoid": "normal",
        "relu": "normal", "silu": "normal", "sign": "normal", "floor": "big", "ceil": "big", "round": "big",
        "reciprocal": "pos", "square": "normal",
    }
    exact_unary = {"neg", "abs", "sqrt", "rsqrt", "relu", "sign", "floor", "ceil", "round", "reciprocal", "square",
                   "sigmoid", "silu", "exp", "log"}
    for op, kind in unary.items():
        ex = op in exact_unary
        case(op, [inp([2, 3], kind)], exact=ex)
        case(op, [inp([4, 3], kind, view=[["narrow", 0, 1, 2], ["t", 0, 1]])], exact=ex)
        case(op, [inp([], kind)], exact=ex)
        case(op, [inp([0, 2], kind)], exact=ex)
    # Long runs: PyTorch's SLEEF vector paths (exp and log everywhere, sigmoid/silu/elu in
    # chunks of 16) and the scalar tails.
    for op in ["exp", "sigmoid", "silu", "elu"]:
        case(op, [inp([37], "big")], exact=True)
    case("log", [inp([37], "pos")], exact=True)
    case("exp", [inp([20, 3], "big", view=T)], exact=True)
    case("leakyRelu", [inp([2, 3])], exact=True, slope=0.2)
    case("leakyRelu", [inp([3, 2], view=T)], exact=True)
    case("elu", [inp([2, 3], "big")], exact=True, alpha=1.3)
    case("elu", [inp([3, 2], view=T)], exact=True)
    case("gelu", [inp([2, 3], "big")])
    case("gelu", [inp([3, 2], view=T)], approximate="tanh")
    # glibc's log1pf is not correctly rounded: tolerance only.
    case("softplus", [inp([2, 3], "big")])
    case("softplus", [inp([3, 2], "big", view=T)], beta=2, threshold=3)
    case("clamp", [inp([2, 3])], exact=True, min=-0.5, max=0.7)
    case("clamp", [inp([3, 2], view=T)], exact=True, min=0.1)
    case("clamp", [inp([2, 3])], exact=True, max=-0.1)
    case("clamp", [inp([4], "special")], exact=True, min=-0.5, max=0.5)

    case("addcmul", [inp([2, 3]), inp([2, 3]), inp([2, 3])], exact=True, value=0.37)
    case("addcmul", [inp([2, 3]), inp([3]), inp([2, 1])], exact=True)
    case("addcmul", [inp([3, 2], view=T), inp([2, 3]), inp([3])], exact=True, value=-2)
    case("addcdiv", [inp([2, 3]), inp([2, 3]), inp([2, 3], "pos")], exact=True, value=0.37)
    case("addcdiv", [inp([3, 2], view=T), inp([3]), inp([2, 1], "pos")], exact=True, value=-1e-3)
    case("lerp", [inp([2, 3]), inp([2, 3])], exact=True, weight=0.3)
    case("lerp", [inp([2, 3]), inp([3])], exact=True, weight=0.9)
    case("lerp", [inp([3, 2], view=T), inp([2, 3]), inp([2, 3], "weight")], exact=True)
    case("lerp", [inp([2, 3]), inp([2, 1]), inp([3], "weight")], exact=True)

    case("add_", [inp([2, 3]), inp([3])], exact=True, alpha=-0.37)
    case("add_", [inp([3, 2], view=T)], exact=True, s=0.1)
    case("sub_", [inp([2, 3]), inp([2, 3])], exact=True, alpha=0.01)
    case("mul_", [inp([2, 3]), inp([2, 1])], exact=True)
    case("div_", [inp([3, 2], view=T), inp([3], "pos")], exact=True)
    case("clamp_", [inp([2, 3])], exact=True, min=-0.2, max=0.3)
    case("addcmul_", [inp([2, 3]), inp([2, 3]), inp([2, 3])], exact=True, value=0.001)
    case("addcdiv_", [inp([2, 3]), inp([2, 3]), inp([2, 3], "pos")], exact=True, value=-0.01)
    case("lerp_", [inp([2, 3]), inp([2, 3])], exact=True, weight=0.1)
    case("lerp_", [inp([2, 3]), inp([2, 3]), inp([3], "weight")], exact=True)
    # Optimizer-sized updates: 37 elements run PyTorch's vectorised loop and its scalar tail.
    case("add_", [inp([37]), inp([37])], exact=True, alpha=-0.001)
    case("addcmul_", [inp([37]), inp([37]), inp([37])], exact=True, value=0.001)
    case("addcdiv_", [inp([37]), inp([37]), inp([37], "pos")], exact=True, value=-0.001)
    case("lerp_", [inp([37]), inp([37])], exact=True, weight=0.1)
    case("addcmul", [inp([]), inp([]), inp([])], exact=True, value=2)
    case("lerp", [inp([0, 3]), inp([3])], exact=True, weight=0.5)
    case("addcdiv", [inp([0, 2]), inp([2]), inp([1], "pos")], exact=True)
    for op in ["sqrt_", "abs_", "sign_", "exp_", "relu_"]:
        case(op, [inp([2, 3], "pos" if op == "sqrt_" else "normal")], exact=op != "exp_")


def reduction_cases():
    for op in ["sum", "mean"]:
        case(op, [inp([2, 3])], exact=True)
        case(op, [inp([2, 3])], exact=True, dim=1)
        case(op, [inp([2, 3, 4])], exact=True, dim=[0, 2], keepdim=True)
        case(op, [inp([2, 3, 4])], exact=True, dim=-1)
        case(op, [inp([3, 4], view=T)], exact=True, dim=0)
        case(op, [inp([4, 3, 2], view=[["permute", [2, 0, 1]]])], exact=True, dim=[1, 2])
        case(op, [inp([3], view=[["expand", [2, 3]]])], exact=True, dim=0)
        case(op, [inp([])], exact=True)
        case(op, [inp([0, 3])], exact=True, dim=0)
    # long rows: PyTorch's vectorised and cascaded summation paths
    for shape, dim in [([40], None), ([600], None), ([6, 5], 0), ([33, 9], 1), ([9, 33], 0), ([2, 520], 1),
                       ([70, 3], 0), ([5, 70], 1), ([3, 17, 20], [0, 2]), ([12, 40], 0)]:
        case("sum", [inp(shape, grad=False)], exact=True, **({} if dim is None else {"dim": dim}))
    case("mean", [inp([2, 520], grad=False)], exact=True, dim=1)
    case("prod", [inp([2, 3], "pos")])
    case("prod", [inp([2, 3])], dim=1)
    case("prod", [inp([3, 4], view=T)], dim=0, keepdim=True)
    for op in ["max", "min"]:
        case(op, [inp([2, 3])], exact=True)
        case(op, [inp([2, 3])], exact=True, dim=1)
        case(op, [inp([3, 4], view=T)], exact=True, dim=0, keepdim=True)
        case(op, [inp([2, 3, 2], "ties")], exact=True, dim=-1)
        case(op, [inp([2, 3], "ties")], exact=True)
    for op in ["amax", "amin"]:
        case(op, [inp([2, 3, 2], "ties")], exact=True, dim=[0, 2])
        case(op, [inp([3, 4], view=T)], exact=True, dim=1, keepdim=True)
    for op in ["argmax", "argmin"]:
        case(op, [inp([2, 3], grad=False)], exact=True)
        case(op, [inp([3, 4], grad=False, view=T)], exact=True, dim=0)
        case(op, [inp([2, 3, 2], "ties", grad=False)], exact=True, dim=1, keepdim=True)
    for op in ["var", "std"]:
        case(op, [inp([2, 3])], exact=True)
        case(op, [inp([2, 3])], exact=True, dim=1, correction=0)
        case(op, [inp([3, 4], view=T)], exact=True, dim=0, keepdim=True)
        case(op, [inp([2, 3, 4])], exact=True, dim=[0, 2])
    case("logsumexp", [inp([2, 3], "big")], dim=1)
    case("logsumexp", [inp([3, 4], view=T)], dim=[0, 1], keepdim=True)
    case("norm", [inp([2, 3])])
    case("norm", [inp([2, 3])], dim=1)
    case("norm", [inp([3, 4], view=T)], p=1, dim=0)
    case("norm", [inp([2, 3])], p=3, dim=[0, 1], keepdim=True)
    case("norm", [inp([2, 3])], p="inf", dim=1)
    case("all", [inp([2, 3], "ties", grad=False)], exact=True, dim=1)
    case("all", [inp([2, 3], "bool")], exact=True)
    case("any", [inp([3, 2], "ties", grad=False, view=T)], exact=True, dim=0, keepdim=True)
    case("any", [inp([2, 3], "bool")], exact=True)


def linalg_cases():
    pairs = [
        ([3], [3]), ([2, 3], [3]), ([3], [3, 2]), ([6, 2], [2, 5]), ([2, 3, 4], [4, 2]), ([4, 3], [2, 3, 5]),
        ([2, 3, 4], [2, 4, 2]), ([2, 1, 3, 4], [3, 4, 2]), ([3], [2, 3, 4]), ([2, 3, 4], [4]),
    ]
    # dot and mv run OpenBLAS's vectorised sdot/sgemv, whose summation order is not replayed.
    for sa, sb in pairs:
        case("matmul", [inp(sa), inp(sb)], exact=len(sa) != 1 and len(sb) != 1 or (len(sa) == 1 and len(sb) == 2))
    case("matmul", [inp([3, 4], view=T), inp([2, 3], view=T)], exact=True)
    case("mm", [inp([6, 2]), inp([2, 5])], exact=True)
    case("mm", [inp([5, 4], view=T), inp([5, 3])], exact=True)
    case("mm", [inp([6, 20]), inp([20, 5])], exact=True)
    case("mm", [inp([16, 8]), inp([8, 8])])
    case("mv", [inp([3, 4]), inp([4])])
    case("bmm", [inp([2, 3, 4]), inp([2, 4, 5])], exact=True)
    case("bmm", [inp([2, 4, 3], view=[["t", 1, 2]]), inp([2, 4, 2])], exact=True)
    case("dot", [inp([5]), inp([5])])
    case("outer", [inp([3]), inp([4])], exact=True)
    # Over the last dim, forward and backward bit for bit: PyTorch's order of operations with
    # SLEEF's exp and log. Over other dims the trailing positions use glibc's expf/logf (within
    # 0.52 ulp, not always correctly rounded), so those are checked to the tolerance only.
    sm = {"exact": True, "exact_grads": True}
    for dim in [1, -1]:
        case("softmax", [inp([2, 3], "big")], dim=dim, **sm)
        case("logSoftmax", [inp([2, 3], "big")], dim=dim, **sm)
    case("softmax", [inp([2, 3], "big")], dim=0)
    case("logSoftmax", [inp([2, 3], "big")], dim=0)
    case("softmax", [inp([3, 4], view=T)], dim=1, **sm)
    case("logSoftmax", [inp([2, 3, 4])], dim=1)
    case("softmax", [inp([6, 10])], dim=1, **sm)
    case("logSoftmax", [inp([6, 10])], dim=1, **sm)
    case("logSoftmax", [inp([2, 19, 3], view=[["t", 1, 2]])], dim=2, **sm)
    case("softmax", [inp([3, 9, 2])], dim=1)
    case("softmax", [inp([2, 5, 11])], dim=1)
    case("logSoftmax", [inp([2, 5, 11])], dim=-2)
    case("logSoftmax", [inp([])], dim=0, **sm)


def main():
    torch.manual_seed(0)
    elementwise_cases()
    reduction_cases()
    linalg_cases()
    results = [run(c) for c in CASES]
    with open(OUT, "w") as f:
        json.dump({"torch": torch.__version__, "cases": results}, f, separators=(",", ":"))
    print(f"wrote {len(results)} cases to {os.path.normpath(OUT)} ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()
