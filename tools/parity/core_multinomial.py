"""Golden fixtures for torch.multinomial's draws, from real PyTorch.

Run with /usr/bin/python3. Writes packages/core/test/fixtures/core-multinomial.json: for each case
the seed, the probabilities (float32 or float64, 1-D or 2-D, some zero, unnormalised), the sample
count and replacement flag, PyTorch's indices after torch.manual_seed(seed), and the next
torch.rand value (so the generator is left in the same state). Also PyTorch's error messages.
"""
import json
import os

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "packages", "core", "test", "fixtures", "core-multinomial.json")
rng = np.random.default_rng(7)


def probs(shape, zeros=0, dtype=torch.float32):
    p = np.round(rng.uniform(0, 3, shape), 3)
    flat = p.reshape(-1)
    flat[rng.choice(flat.size, zeros, replace=False)] = 0
    return torch.tensor(p, dtype=dtype)


def cases():
    out = []
    k = 0
    for shape, zeros in [((5,), 0), ((4, 7), 0), ((3, 50), 10), ((1, 2), 0), ((6, 3), 2), ((2, 300), 40)]:
        for dtype in (torch.float32, torch.float64):
            for rep, n in [(False, 1), (True, 1), (False, 2), (True, 9), (False, shape[-1] - zeros // max(1, shape[0] if len(shape) > 1 else 1))]:
                if n < 1 or (not rep and n > shape[-1]):
                    continue
                p = probs(shape, zeros, dtype)
                if not rep and ((p > 0).sum(-1) < n).any():
                    continue
                seed = 1000 + k
                k += 1
                torch.manual_seed(seed)
                idx = torch.multinomial(p, n, rep)
                after = torch.rand(1).item()
                out.append({"seed": seed, "probs": p.reshape(-1).tolist(), "shape": list(shape),
                            "dtype": "float32" if dtype == torch.float32 else "float64", "n": n, "replacement": rep,
                            "indices": idx.reshape(-1).tolist(), "after": after})
    return out


def errors():
    out = []
    for args, rep in [(([0.5, -0.1], 1), False), (([0.0, 0.0], 1), False), (([0.5, 0.5], 3), False),
                      (([0.5, float("inf")], 1), False), (([0.5, float("nan")], 2), True), (([0.5, -0.1], 2), True),
                      (([0.5, 0.1], 0), False), (([[0.5, 0.5], [0.0, 0.0]], 2), True)]:
        try:
            torch.multinomial(torch.tensor(args[0]), args[1], rep)
            msg = None
        except RuntimeError as e:
            msg = str(e)
        out.append({"probs": [("nan" if v != v else "inf" if v == float("inf") else v) for v in torch.tensor(args[0]).reshape(-1).tolist()],
                    "shape": list(torch.tensor(args[0]).shape), "n": args[1], "replacement": rep, "error": msg})
    return out


with open(OUT, "w") as f:
    json.dump({"cases": cases(), "errors": errors()}, f, separators=(",", ":"))
    f.write("\n")
print("wrote", OUT, os.path.getsize(OUT))
