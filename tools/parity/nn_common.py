"""Shared helpers of the tools/parity/nn_*.py fixture writers (tensors to exact JSON)."""
import json
import math
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "..", "packages", "nn", "test", "fixtures")

NAMES = {torch.float32: "float32", torch.float64: "float64", torch.int64: "int32", torch.int32: "int32", torch.bool: "bool"}


def enc(v):
    """JSON-safe numbers: NaN and infinities as strings; float32 values are exact as doubles."""
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
    return v


def t2j(t):
    """A tensor as {shape, dtype, data} (int64 stored as int32, torchlet's stand-in)."""
    t = t.detach()
    return {"shape": list(t.shape), "dtype": NAMES[t.dtype], "data": [enc(v) for v in t.contiguous().reshape(-1).tolist()]}


def write(name, payload):
    os.makedirs(FIXTURES, exist_ok=True)
    path = os.path.join(FIXTURES, name)
    with open(path, "w") as f:
        json.dump(payload, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", os.path.relpath(path), os.path.getsize(path), "bytes")


def gen(seed):
    return torch.Generator().manual_seed(seed)


def t2j_short(t):
    """As t2j, with float32 values in their shortest decimal that rounds back to the same float32."""
    j = t2j(t)
    if j["dtype"] == "float32":
        import numpy as np
        j["data"] = [float(str(np.float32(v))) if isinstance(v, float) and math.isfinite(v) else v for v in j["data"]]
    return j
