"""Golden values for arange and linspace in float16/bfloat16 (torch 1.13's CPU kernels: float
accumulation for arange, half arithmetic for linspace, AVX2 blocks of two 16-lane vectors), as bit
patterns. Run with /usr/bin/python3. Writes packages/core/test/fixtures/core-half-ranges.json.
"""
import json
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "packages", "core", "test", "fixtures", "core-half-ranges.json")


def bits(t):
    return (t.view(torch.int16).to(torch.int32) & 0xFFFF).tolist()


def main():
    rows = []
    for name, dt in (("float16", torch.float16), ("bfloat16", torch.bfloat16)):
        for c in [(0, 10, 0.37), (-3, 50, 1.3), (0, 1, 0.01), (100, 2000, 7.7), (0, 5, 1)]:
            rows.append({"dtype": name, "fn": "arange", "args": list(c), "bits": bits(torch.arange(*c, dtype=dt))})
        for c in [(0, 1, 50), (-7, 3, 33), (1, 1000, 17), (2, 2, 1), (0.1, 0.3, 70)]:
            rows.append({"dtype": name, "fn": "linspace", "args": list(c), "bits": bits(torch.linspace(*c, dtype=dt))})
    with open(OUT, "w") as f:
        json.dump({"torch": torch.__version__, "rows": rows}, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
