"""Golden fixtures for dtypes: the promotion table over every dtype pair (add, mul, div, eq, and
with Python scalars), casts of edge values between every pair, printing of each dtype, checked
conversion errors, and a few ops per dtype.

Run with /usr/bin/python3 (torch 1.13). Writes packages/core/test/fixtures/core-dtypes.json.
Casts that C++ leaves undefined (a float out of an integer type's range, NaN or inf to an
integer) are recorded with "ub": true: their values are x86's, not a contract.
"""
import json
import math
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "packages", "core", "test", "fixtures", "core-dtypes.json")

DTYPES = {
    "bool": torch.bool, "uint8": torch.uint8, "int8": torch.int8, "int16": torch.int16, "int32": torch.int32,
    "int64": torch.int64, "float16": torch.float16, "bfloat16": torch.bfloat16, "float32": torch.float32,
    "float64": torch.float64,
}
NAME = {v: k for k, v in DTYPES.items()}
EDGE = [0.5, -0.5, 2.0 ** 24 + 1, 65504.0, 65520.0, 1e-8, float("nan"), float("inf"), float("-inf"), -129.0, 255.7,
        3e9, -1.5, 2.5, 1e-45, 3.0e38]
INT_RANGE = {"uint8": (0, 255), "int8": (-128, 127), "int16": (-32768, 32767), "int32": (-2 ** 31, 2 ** 31 - 1),
             "int64": (-2 ** 63, 2 ** 63 - 1)}


def num(v):
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def values(t):
    return [num(v) for v in t.reshape(-1).tolist()]


def promotion():
    rows = []
    for a, da in DTYPES.items():
        x = torch.ones(2, dtype=da)
        for b, db in DTYPES.items():
            y = torch.ones(2, dtype=db)
            rows.append({"a": a, "b": b, "add": NAME[(x + y).dtype], "mul": NAME[(x * y).dtype],
                         "div": NAME[(x / y).dtype], "eq": NAME[(x == y).dtype],
                         "zeroDim": NAME[(x + torch.ones((), dtype=db)).dtype]})
        rows.append({"a": a, "b": "int", "add": NAME[(x + 1).dtype], "mul": NAME[(x * 1).dtype], "div": NAME[(x / 1).dtype],
                     "eq": NAME[(x == 1).dtype]})
        rows.append({"a": a, "b": "float", "add": NAME[(x + 1.5).dtype], "mul": NAME[(x * 1.5).dtype],
                     "div": NAME[(x / 1.5).dtype], "eq": NAME[(x == 1.5).dtype]})
    return rows


def casts():
    """Each edge value as float64 -> src (unchecked .to) -> dst."""
    rows = []
    src64 = torch.tensor(EDGE, dtype=torch.float64)
    for s, ds in DTYPES.items():
        xs = src64.to(ds)
        ub_src = [s in INT_RANGE and not (INT_RANGE[s][0] <= v <= INT_RANGE[s][1]) if not math.isnan(v) else s in INT_RANGE
                  for v in EDGE]
        for d, dd in DTYPES.items():
            out = xs.to(dd)
            sv = xs.to(torch.float64).tolist()
            ub = [u or (d in INT_RANGE and (math.isnan(v) or not (INT_RANGE[d][0] <= math.trunc(v) <= INT_RANGE[d][1])
                                           if not math.isinf(v) else d in INT_RANGE)) for u, v in zip(ub_src, sv)]
            rows.append({"src": s, "dst": d, "values": values(out.to(torch.float64)), "ub": ub})
    return {"edge": [num(v) for v in EDGE], "rows": rows}


def checked():
    """torch.tensor([v], dtype=d): the value stored or the error raised."""
    rows = []
    for d in ["uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32"]:
        for v in [300, -129, 3e9, 2.0 ** 53, 2.0 ** 60, 1e19, 65520.0, 1e10, -1.5]:
            try:
                r = {"dtype": d, "value": v, "result": values(torch.tensor([v], dtype=DTYPES[d]).to(torch.float64))}
            except Exception as e:  # noqa: BLE001
                r = {"dtype": d, "value": v, "error": str(e)}
            try:
                r["full"] = values(torch.full((1,), v, dtype=DTYPES[d]).to(torch.float64))
            except Exception as e:  # noqa: BLE001
                r["fullError"] = str(e)
            rows.append(r)
    return rows


def printing():
    rows = []
    for d, dd in DTYPES.items():
        data = [1, 0, 3] if d == "bool" else [1, 2, 127] if d in INT_RANGE else [1.5, -2.25, 100.0]
        rows.append({"dtype": d, "data": data, "repr": repr(torch.tensor(data, dtype=dd)),
                     "empty": repr(torch.tensor([], dtype=dd)), "scalar": repr(torch.tensor(data[0], dtype=dd)),
                     "dtypeRepr": str(dd), "type": torch.tensor(data, dtype=dd).type()})
    return rows


def ops():
    rows = []
    a_int, b_int = [7, -7, 5, 0, 100], [2, 3, -2, 5, 7]
    a_flt, b_flt = [1.5, -2.25, 3.0, 0.1, 100.5], [0.5, 3.0, -2.0, 7.0, 0.3]
    for d, dd in DTYPES.items():
        if d == "bool":
            continue
        a = torch.tensor(a_flt if dd.is_floating_point else [abs(v) if d == "uint8" else v for v in a_int], dtype=dd)
        b = torch.tensor(b_flt if dd.is_floating_point else [abs(v) if d == "uint8" else v for v in b_int], dtype=dd)
        r = {"dtype": d, "a": values(a.to(torch.float64)), "b": values(b.to(torch.float64))}
        for name, f in [("add", lambda: a + b), ("sub", lambda: a - b), ("mul", lambda: a * b), ("div", lambda: a / b),
                        ("floorDivide", lambda: torch.div(a, b, rounding_mode="floor")),
                        ("trunc", lambda: torch.div(a, b, rounding_mode="trunc")), ("remainder", lambda: a % b),
                        ("neg", lambda: -a), ("abs", lambda: a.abs()), ("sum", lambda: a.sum()), ("prod", lambda: a.prod()),
                        ("cumsum", lambda: a.cumsum(0)), ("max", lambda: a.max()), ("argmax", lambda: a.argmax()),
                        ("sort", lambda: a.sort().values), ("eq", lambda: a == b), ("lt", lambda: a < b),
                        ("mulSelf", lambda: a * a * a), ("addScalar", lambda: a + 100), ("mulScalar", lambda: a * 1.5),
                        ("sqrt", lambda: a.abs().sqrt()), ("exp", lambda: (a / 50).exp()),
                        ("bitwiseAnd", lambda: torch.bitwise_and(a, b)), ("bitwiseOr", lambda: torch.bitwise_or(a, b)),
                        ("bitwiseXor", lambda: torch.bitwise_xor(a, b)),
                        ("bitwiseNot", lambda: torch.bitwise_not(a)), ("shiftLeft", lambda: torch.bitwise_left_shift(a, 2))]:
            try:
                out = f()
                r[name] = {"dtype": NAME[out.dtype], "values": values(out.to(torch.float64))}
            except Exception as e:  # noqa: BLE001
                r[name] = {"error": str(e).split("\n")[0]}
        rows.append(r)
    return rows


def int64_ops():
    """int64 beyond int32: exact integer arithmetic up to 2^53."""
    a = torch.tensor([2 ** 40 + 3, -(2 ** 35) - 1, 2 ** 31, -(2 ** 31) - 7], dtype=torch.int64)
    b = torch.tensor([2 ** 20 + 1, 3, -5, 2 ** 33], dtype=torch.int64)
    out = {"a": a.tolist(), "b": b.tolist()}
    for name, f in [("add", lambda: a + b), ("sub", lambda: a - b), ("floorDivide", lambda: a // b), ("remainder", lambda: a % b),
                    ("and", lambda: a & b), ("or", lambda: a | b), ("xor", lambda: a ^ b), ("not", lambda: ~a),
                    ("shl", lambda: a << 3), ("shr", lambda: a >> 3), ("cumsum", lambda: a.cumsum(0)), ("sum", lambda: a.sum()),
                    ("toInt32", lambda: a.to(torch.int32)), ("toFloat32", lambda: a.to(torch.float32).to(torch.float64)),
                    ("sort", lambda: a.sort().values), ("argsort", lambda: a.argsort())]:
        out[name] = f().tolist()
    return out


def main():
    fixture = {"torch": torch.__version__, "promotion": promotion(), "casts": casts(), "checked": checked(),
               "printing": printing(), "ops": ops(), "int64": int64_ops(),
               "sumDtype": {d: NAME[torch.ones(2, dtype=dd).sum().dtype] for d, dd in DTYPES.items()}}
    with open(OUT, "w") as f:
        json.dump(fixture, f, indent=None, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
