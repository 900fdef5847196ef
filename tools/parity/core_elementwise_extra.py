"""Golden fixtures for issue 12's elementwise ops in @torchlet/core, from real PyTorch.

Run with /usr/bin/python3 (torch 1.13). Writes packages/core/test/fixtures/core-elementwise-extra.json
in the format of core-ops.json (tools/parity/core_ops.py, whose input helpers this imports): per
case the inputs (values, shape, view), the outputs, and the gradients of (out * w).sum() for fixed
random weights w; plus `errors`: calls PyTorch rejects, with its exception type and message.

Ops: copysign, hypot, logaddexp, logaddexp2, xlogy, nan_to_num, clamp_min, clamp_max, heaviside,
float_power, bitwise_and/or/xor/not/left_shift/right_shift, isclose, allclose, equal.
torchlet's int32 stands for PyTorch's int64 (the values here stay in int32's range).
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
from core_ops import build, draw, inp, values  # noqa: E402  (the helpers only; main() is guarded)

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "packages", "core", "test", "fixtures",
                   "core-elementwise-extra.json")
DTYPE_NAME = {torch.float32: "float32", torch.float64: "float64", torch.int64: "int32", torch.bool: "bool"}
T = [["t", 0, 1]]


def given(shape, data, dtype="int32", view=None, grad=False):
    """An input with explicit values (shift amounts, zeros to hit a rule, NaN, infinities)."""
    return {"shape": list(shape), "data": [v if isinstance(v, (bool, str)) else v for v in data], "view": view or [],
            "dtype": dtype, "grad": grad and dtype in ("float32", "float64")}


def f64(shape, kind="normal", view=None):
    return inp(shape, kind, view=view, dtype="float64")


def opt(a, k, default=None):
    return a[k] if k in a else default


def other(x, a):
    return x[1] if len(x) > 1 else a["s"]


# The ops by name, as the TypeScript test calls them (args: the options object / scalar operands).
OPS = {
    "copysign": lambda x, a: torch.copysign(x[0], other(x, a)),
    "hypot": lambda x, a: torch.hypot(x[0], x[1]),
    "logaddexp": lambda x, a: torch.logaddexp(x[0], x[1]),
    "logaddexp2": lambda x, a: torch.logaddexp2(x[0], x[1]),
    "xlogy": lambda x, a: torch.xlogy(x[0], other(x, a)),
    "xlogyScalarSelf": lambda x, a: torch.xlogy(a["s"], x[0]),
    "nanToNum": lambda x, a: torch.nan_to_num(x[0], nan=opt(a, "nan", 0.0), posinf=opt(a, "posinf"), neginf=opt(a, "neginf")),
    "clampMin": lambda x, a: torch.clamp_min(x[0], other(x, a)),
    "clampMax": lambda x, a: torch.clamp_max(x[0], other(x, a)),
    "heaviside": lambda x, a: torch.heaviside(x[0], x[1]),
    "floatPower": lambda x, a: torch.float_power(x[0], other(x, a)),
    "floatPowerScalarBase": lambda x, a: torch.float_power(a["s"], x[0]),
    "bitwiseAnd": lambda x, a: torch.bitwise_and(x[0], other(x, a)),
    "bitwiseOr": lambda x, a: torch.bitwise_or(x[0], other(x, a)),
    "bitwiseXor": lambda x, a: torch.bitwise_xor(x[0], other(x, a)),
    "bitwiseLeftShift": lambda x, a: torch.bitwise_left_shift(x[0], other(x, a)),
    "bitwiseRightShift": lambda x, a: torch.bitwise_right_shift(x[0], other(x, a)),
    "bitwiseNot": lambda x, a: torch.bitwise_not(x[0]),
    "bitwiseXorScalarSelf": lambda x, a: torch.bitwise_xor(a["s"], x[0]),
    "bitwiseLeftShiftScalarSelf": lambda x, a: torch.bitwise_left_shift(a["s"], x[0]),
    "isclose": lambda x, a: torch.isclose(x[0], x[1], rtol=opt(a, "rtol", 1e-5), atol=opt(a, "atol", 1e-8),
                                          equal_nan=opt(a, "equalNan", False)),
    "allclose": lambda x, a: torch.tensor(torch.allclose(x[0], x[1], rtol=opt(a, "rtol", 1e-5), atol=opt(a, "atol", 1e-8),
                                                         equal_nan=opt(a, "equalNan", False))),
    "equal": lambda x, a: torch.tensor(torch.equal(x[0], x[1])),
}

CASES = []
ERRORS = []


def case(op, inputs, exact=False, **args):
    CASES.append({"op": op, "args": args, "inputs": inputs, "exact": exact})


def error(op, inputs, **args):
    ERRORS.append({"op": op, "args": args, "inputs": inputs})


def run(c):
    built = [build(s) for s in c["inputs"]]
    out = OPS[c["op"]]([x for _, x in built], c["args"])
    dtype = DTYPE_NAME[out.dtype]
    res = {"op": c["op"], "args": c["args"], "inputs": c["inputs"], "exact": c["exact"],
           "out": [{"shape": list(out.shape), "dtype": dtype, "data": values(out, dtype)}]}
    if out.grad_fn is not None:
        res["node"] = type(out.grad_fn).__name__
    leaves = [b for b, _ in built if b.requires_grad]
    if out.requires_grad and leaves:
        w = torch.tensor(draw(list(out.shape), "normal"), dtype=out.dtype).reshape(out.shape)
        res["w"] = values(w, dtype)
        try:
            grads = iter(torch.autograd.grad((out * w).sum(), leaves, allow_unused=True))
        except RuntimeError as e:  # heaviside: no derivative
            res["gradError"] = str(e).split("\n")[0]
            return res
        res["grads"] = []
        for b, _ in built:
            g = next(grads) if b.requires_grad else None
            res["grads"].append(None if g is None else values(g, DTYPE_NAME[b.dtype]))
    return res


def run_error(c):
    built = [build(s) for s in c["inputs"]]
    try:
        OPS[c["op"]]([x for _, x in built], c["args"])
    except (RuntimeError, TypeError) as e:
        return {**c, "message": str(e).split("\n")[0]}
    raise AssertionError(f"{c['op']} {c['args']} did not raise")


# Shapes every binary op meets: same, broadcast both ways, 0-d with 2-d, zero-size, transposed.
def binary_shapes(op, ka="normal", kb="normal", exact=False):
    case(op, [inp([2, 3], ka), inp([2, 3], kb)], exact)
    case(op, [inp([2, 3], ka), inp([3], kb)], exact)
    case(op, [inp([4, 1], ka), inp([1, 3], kb)], exact)
    case(op, [inp([], ka), inp([2, 2], kb)], exact)
    case(op, [inp([0, 3], ka), inp([3], kb)], exact)
    case(op, [inp([3, 2], ka, T), inp([3, 4], kb, [["narrow", 1, 1, 2], ["t", 0, 1]])], exact)
    case(op, [inp([1, 3], ka, [["expand", [2, 3]]]), inp([2, 3], kb)], exact)


def float_cases():
    for op in ["copysign", "hypot", "logaddexp", "logaddexp2"]:
        kind = "ties" if op == "copysign" else "normal"
        binary_shapes(op, kind, kind, exact=op == "copysign")
        case(op, [f64([2, 3]), f64([3], "ties")])
        case(op, [inp([2, 3]), f64([3])])  # float32 with float64: computed in float64
    for s in [-1, 2.5, 0.0, -0.0]:
        case("copysign", [inp([2, 3], "ties")], exact=True, s=s)
    case("copysign", [inp([3], "int"), inp([3], "int")])
    case("copysign", [inp([3], "bool"), inp([3], "normal")])
    case("hypot", [given([4], [0, 3, -5, "inf"], "float32", grad=True), given([4], [0, 4, 12, 1], "float32", grad=True)])
    special = given([6], ["inf", "-inf", "inf", "nan", 1.5, -2.0], "float32", grad=False)
    for op in ["logaddexp", "logaddexp2"]:
        case(op, [special, given([6], ["inf", "-inf", "-inf", 0.5, "inf", "-inf"], "float32")])
        case(op, [inp([37], "big"), inp([37], "big")])  # long runs: PyTorch's vector path
        case(op, [inp([2, 3], "normal"), inp([2, 3], "int", grad=False)])
    for op in ["hypot", "logaddexp", "logaddexp2"]:
        error(op, [inp([3], "int"), inp([3], "int")])
        error(op, [inp([3], "bool"), inp([3], "bool")])


def xlogy_cases():
    zeros_x = given([2, 3], [0.0, 0.0, 1.5, -2.0, 0.0, 3.0], "float32", grad=True)
    y = given([3], [2.0, 0.0, -1.0], "float32", grad=True)
    case("xlogy", [zeros_x, y])
    case("xlogy", [zeros_x, given([2, 3], [0.5, "nan", 2.0, 0.0, 3.0, 1.0], "float32", grad=True)])
    binary_shapes("xlogy", "ties", "pos")
    case("xlogy", [f64([2, 3], "ties"), f64([2, 3], "pos")])
    for s in [2.5, 0.0, -1.0]:
        case("xlogy", [inp([2, 3], "ties")], s=s)
        case("xlogyScalarSelf", [inp([2, 3], "pos")], s=s)
    case("xlogy", [inp([3], "int"), inp([3], "int")])
    case("xlogy", [inp([3], "bool"), inp([3], "pos")])


def nan_to_num_cases():
    sp = given([2, 4], ["nan", "inf", "-inf", 1.5, -0.25, "nan", 3.0, "inf"], "float32", grad=True)
    case("nanToNum", [sp], exact=True)
    case("nanToNum", [sp], exact=True, nan=2.5, posinf=100.0, neginf=-7.0)
    case("nanToNum", [sp], exact=True, nan=1e300)
    case("nanToNum", [sp], exact=True, posinf=1.0)
    case("nanToNum", [given([4, 2], ["nan", "inf", "-inf", 1.5, -0.25, "nan", 3.0, "inf"], "float32", T, grad=True)], exact=True)
    case("nanToNum", [given([3], ["nan", "inf", "-inf"], "float64", grad=True)], exact=True)
    case("nanToNum", [inp([], "special")], exact=True)
    case("nanToNum", [inp([0, 2])], exact=True)
    case("nanToNum", [inp([3], "int")], exact=True, nan=2.5)
    case("nanToNum", [inp([3], "bool")], exact=True)


def clamp_cases():
    x = given([2, 3], [0.5, -1.0, "nan", 2.0, 0.25, -0.5], "float32", grad=True)
    for op in ["clampMin", "clampMax"]:
        for s in [0.5, -0.75, 0]:
            case(op, [x], exact=True, s=s)
        case(op, [x, given([3], [0.5, 0.0, 1.0], "float32", grad=True)], exact=True)  # ties pass to self
        case(op, [x, given([2, 3], [0.0, "nan", 1.0, 2.0, 1.0, -2.0], "float32", grad=True)], exact=True)
        binary_shapes(op, "ties", "ties", exact=True)
        case(op, [inp([3], "int")], exact=True, s=2.5)
        case(op, [inp([3], "int")], exact=True, s=2)
        case(op, [inp([3], "int"), inp([3], "normal")], exact=True)
        case(op, [inp([3], "bool"), inp([3], "bool")], exact=True)
        case(op, [inp([3], "bool")], exact=True, s=0)
        case(op, [f64([2, 3]), inp([3])], exact=True)


def heaviside_cases():
    x = given([2, 3], [0.0, -1.5, 2.0, "nan", 0.0, -0.0], "float32")
    case("heaviside", [x, given([3], [0.5, 7.0, -1.0], "float32")], exact=True)
    case("heaviside", [x, given([], [0.25], "float32")], exact=True)
    case("heaviside", [inp([3, 2], "ties", T), inp([2, 3], "normal")], exact=True)
    case("heaviside", [inp([0, 3], "ties"), inp([3], "normal")], exact=True)
    case("heaviside", [given([4], [0, -3, 2, 0]), given([4], [7, 7, 7, -1])], exact=True)
    case("heaviside", [given([3], [True, False, False], "bool"), given([3], [True, True, False], "bool")], exact=True)
    case("heaviside", [f64([2, 3], "ties"), f64([3])], exact=True)
    error("heaviside", [inp([3]), f64([3])])


def float_power_cases():
    for s in [2, 0.5, -1.5, 3]:
        case("floatPower", [inp([2, 3], "pos")], s=s)
    case("floatPower", [inp([2, 3], "pos"), inp([3], "normal")])
    case("floatPower", [inp([3, 2], "pos", T), f64([2, 3], "normal")])
    case("floatPower", [inp([0, 3], "pos"), inp([3])])
    case("floatPower", [inp([], "pos"), inp([2, 2])])
    case("floatPower", [inp([3], "int"), inp([3], "int")], exact=True)
    case("floatPower", [inp([3], "bool")], exact=True, s=2)
    case("floatPowerScalarBase", [inp([2, 3])], s=2.5)


def bitwise_cases():
    a = given([2, 3], [-8, 7, -1, 12, 0, 5])
    b = given([3], [3, -6, 10])
    amounts = given([3], [0, 3, 20])
    for op in ["bitwiseAnd", "bitwiseOr", "bitwiseXor"]:
        case(op, [a, b], exact=True)
        case(op, [inp([3, 2], "int", T), inp([2, 3], "int")], exact=True)
        case(op, [inp([2, 3], "int")], exact=True, s=3)
        case(op, [inp([2, 3], "bool"), inp([3], "bool")], exact=True)
        case(op, [inp([3], "bool")], exact=True, s=True)
        case(op, [inp([3], "bool")], exact=True, s=1)
        case(op, [inp([3], "bool"), inp([3], "int")], exact=True)
        case(op, [inp([0, 3], "int"), inp([3], "int")], exact=True)
        case(op, [inp([], "int"), inp([2, 2], "int")], exact=True)
        error(op, [inp([3]), inp([3])])
        error(op, [inp([3], "int"), inp([3])])
        error(op, [inp([3], "int")], s=2.5)
    for op in ["bitwiseLeftShift", "bitwiseRightShift"]:
        case(op, [a, amounts], exact=True)
        case(op, [given([3, 2], [-8, 7, -1, 12, 0, 5], view=T), given([2, 1], [1, 4])], exact=True)
        case(op, [a], exact=True, s=2)
        case(op, [inp([3], "bool"), given([3], [1, 2, 3])], exact=True)
        case(op, [inp([0, 3], "int"), amounts], exact=True)
        error(op, [inp([3], "bool"), inp([3], "bool")])
        error(op, [inp([3]), inp([3])])
        error(op, [inp([3], "int")], s=2.5)
    case("bitwiseXorScalarSelf", [inp([3], "bool")], exact=True, s=True)
    case("bitwiseXorScalarSelf", [inp([2, 3], "int")], exact=True, s=6)
    case("bitwiseLeftShiftScalarSelf", [amounts], exact=True, s=3)
    case("bitwiseNot", [a], exact=True)
    case("bitwiseNot", [inp([3, 2], "int", T)], exact=True)
    case("bitwiseNot", [inp([2, 3], "bool")], exact=True)
    case("bitwiseNot", [inp([], "int")], exact=True)
    error("bitwiseNot", [inp([3])])
    error("bitwiseNot", [f64([3])])


def close_cases():
    a = given([2, 4], [1.0, 1.0, 1.0, "nan", "inf", "-inf", 0.0, 100.0], "float32")
    b = given([2, 4], [1.000001, 1.0001, 0.9, "nan", "inf", "inf", 1e-9, 100.001], "float32")
    for op in ["isclose", "allclose"]:
        case(op, [a, b], exact=True)
        case(op, [a, b], exact=True, equalNan=True)
        case(op, [a, b], exact=True, rtol=1e-3, atol=0.0)
        case(op, [a, b], exact=True, rtol=0.0, atol=0.0)
        case(op, [a, given([4], [1.0, 1.0, 1.0, 1.0], "float32")], exact=True, atol=1e-3)
        error(op, [inp([3]), f64([3])])
        error(op, [inp([3]), inp([3])], rtol=-1.0)
        error(op, [inp([3]), inp([3])], atol=-0.5)
        error(op, [inp([3]), inp([2])])
    close = given([3], [1.0, 2.0, 3.0], "float32")
    case("allclose", [close, given([3], [1.000001, 2.0, 3.00001], "float32")], exact=True)
    case("allclose", [given([3], [1.0, 2.0, 3.0], "float64"), given([3], [1.000001, 2.0, 3.00001], "float64")], exact=True)
    case("isclose", [inp([3, 2], "ties", T), inp([2, 3], "ties")], exact=True)
    case("isclose", [given([3], [1, 5, 9]), given([3], [1, 6, 12])], exact=True, atol=1.0)
    case("isclose", [given([3], [1, 5, 9]), given([3], [1, 6, 12])], exact=True, rtol=0.2, atol=0.0)
    case("isclose", [given([3], [True, False, True], "bool"), given([3], [True, True, True], "bool")], exact=True)
    case("isclose", [given([3], ["nan", 1.0, 2.0], "float64"), given([3], ["nan", 1.0, 2.0000001], "float64")], exact=True, equalNan=True)
    case("isclose", [inp([0, 3]), inp([3])], exact=True)
    eq_a = given([2, 2], [1.0, 2.0, 3.0, 4.0], "float32")
    case("equal", [eq_a, given([2, 2], [1.0, 2.0, 3.0, 4.0], "float32")], exact=True)
    case("equal", [eq_a, given([2, 2], [1.0, 2.0, 3.0, 4.5], "float32")], exact=True)
    case("equal", [eq_a, given([4], [1.0, 2.0, 3.0, 4.0], "float32")], exact=True)
    case("equal", [eq_a, given([1, 2], [1.0, 2.0], "float32", [["expand", [2, 2]]])], exact=True)
    case("equal", [given([2, 2], [1.0, 3.0, 2.0, 4.0], "float32", T), eq_a], exact=True)
    case("equal", [eq_a, given([2, 2], [1, 2, 3, 4])], exact=True)
    case("equal", [given([1], ["nan"], "float32"), given([1], ["nan"], "float32")], exact=True)
    case("equal", [inp([0, 3]), inp([0, 3])], exact=True)


def main():
    torch.manual_seed(0)
    float_cases()
    xlogy_cases()
    nan_to_num_cases()
    clamp_cases()
    heaviside_cases()
    float_power_cases()
    bitwise_cases()
    close_cases()
    results = [run(c) for c in CASES]
    errors = [run_error(c) for c in ERRORS]
    with open(OUT, "w") as f:
        json.dump({"torch": torch.__version__, "cases": results, "errors": errors}, f, separators=(",", ":"))
    print(f"wrote {len(results)} cases and {len(errors)} errors to {os.path.normpath(OUT)} ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()
