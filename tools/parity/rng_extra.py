#!/usr/bin/python3
"""Write packages/core/test/fixtures/rng-extra.json: more of PyTorch's CPU random numbers.

Extends rng-vectors.json (shared reference) for packages/core/test/random.test.ts: more seeds
(including -1 and seeds above 32 bits), sizes around the 16-wide normal kernel, uniform_ and
normal_ with ranges, float64, randperm/randint, generator objects, get/set_rng_state,
bernoulli_/dropout masks and DataLoader epochs.

Run with Debian's PyTorch: /usr/bin/python3 tools/parity/rng_extra.py
float32 values are stored as uint32 bit patterns, float64 values as 16-digit hex bit patterns.
Large draws (100000 values) keep every 997th value plus the sum of all bit patterns mod 2^32.
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "packages", "core", "test", "fixtures", "rng-extra.json")
SEEDS = [0, 7, 2**31 + 5, -1, 2**40 + 3]
EVERY = 997


def bits32(t):
    return t.detach().contiguous().numpy().astype(np.float32).view(np.uint32).tolist()


def hex64(t):
    return ["%016x" % v for v in t.detach().contiguous().numpy().astype(np.float64).view(np.uint64).tolist()]


def big32(t):
    b = t.detach().contiguous().numpy().astype(np.float32).view(np.uint32)
    return {"n": int(b.size), "every": EVERY, "bits": b[::EVERY].tolist(), "sum": int(b.astype(np.uint64).sum() % 2**32)}


def big64(t):
    b = t.detach().contiguous().numpy().astype(np.float64).view(np.uint64)
    return {"n": int(b.size), "every": EVERY, "hex": ["%016x" % v for v in b[::EVERY].tolist()]}


cases = {}
for s in SEEDS:
    k = str(s)
    for n in [15, 16, 17, 31, 33, 48]:
        torch.manual_seed(s); cases[f"randn/{k}/{n}"] = bits32(torch.randn(n))
    torch.manual_seed(s); cases[f"randn_big/{k}"] = big32(torch.randn(100000))

    torch.manual_seed(s)  # one seed, then uniform_(-b, b) calls in sequence
    cases[f"uniform/{k}"] = [{"b": b, "n": 100, "bits": bits32(torch.empty(100).uniform_(-b, b))}
                             for b in [0.1, 1 / 3, 2.5, 1e-3, 0.7071067811865476]]
    torch.manual_seed(s); cases[f"uniform_big/{k}"] = big32(torch.empty(100000).uniform_(-1 / 3, 1 / 3))

    torch.manual_seed(s)  # normal_(mean, std) in sequence: small (cached Box-Muller) and large paths
    cases[f"normal/{k}"] = [{"mean": m, "std": sd, "n": n, "bits": bits32(torch.empty(n).normal_(m, sd))}
                            for (m, sd) in [(2.5, 0.5), (0.1, 0.3)] for n in [5, 40]]
    torch.manual_seed(s); cases[f"normal_big/{k}"] = big32(torch.empty(100000).normal_(0.1, 0.3))

    torch.manual_seed(s)  # float64, in sequence
    d = torch.float64
    cases[f"f64/{k}"] = [
        {"op": "randn", "n": 5, "hex": hex64(torch.randn(5, dtype=d))},
        {"op": "randn", "n": 40, "hex": hex64(torch.randn(40, dtype=d))},
        {"op": "rand", "n": 5, "hex": hex64(torch.rand(5, dtype=d))},
        {"op": "rand", "n": 40, "hex": hex64(torch.rand(40, dtype=d))},
        {"op": "uniform", "a": -0.3, "b": 0.3, "n": 40, "hex": hex64(torch.empty(40, dtype=d).uniform_(-0.3, 0.3))},
        {"op": "normal", "a": 0.1, "b": 0.3, "n": 5, "hex": hex64(torch.empty(5, dtype=d).normal_(0.1, 0.3))},
        {"op": "normal", "a": 0.1, "b": 0.3, "n": 40, "hex": hex64(torch.empty(40, dtype=d).normal_(0.1, 0.3))},
    ]
    torch.manual_seed(s); cases[f"f64_big/{k}"] = big64(torch.randn(100000, dtype=d))

    torch.manual_seed(s); cases[f"randperm/{k}"] = torch.randperm(1000).tolist()
    torch.manual_seed(s)
    cases[f"randint/{k}"] = {
        "int": torch.randint(-5, 17, (50,)).tolist(),
        "f32": bits32(torch.randint(-5, 17, (20,), dtype=torch.float32)),
        "f64_2pow33": hex64(torch.randint(0, 2**33, (10,), dtype=torch.float64)),
    }

    torch.manual_seed(s)  # a Generator object interleaved with the default generator
    a = torch.randn(3)
    g = torch.Generator(); g.manual_seed(3)
    b = torch.randn(20, generator=g)
    c = torch.randn(3)
    dd = torch.randn(4, generator=g)
    fresh = torch.Generator()
    e = torch.rand(5, generator=fresh)
    cases[f"generator/{k}"] = {
        "default_a": bits32(a), "g_b": bits32(b), "default_c": bits32(c), "g_d": bits32(dd), "fresh_e": bits32(e),
        "initial_seed": str(torch.initial_seed()), "g_initial_seed": str(g.initial_seed()),
        "fresh_initial_seed": str(fresh.initial_seed()),
    }

    torch.manual_seed(s)  # checkpoint: a state with a cached normal, restored
    pre = torch.randn(3)
    state = torch.get_rng_state()
    a = torch.randn(5)
    torch.set_rng_state(state)
    b = torch.randn(5)
    assert torch.equal(a, b)
    cases[f"state/{k}"] = {"pre": bits32(pre), "state": bytes(state.numpy().tobytes()).hex(), "after": bits32(a),
                           "final_state": bytes(torch.get_rng_state().numpy().tobytes()).hex()}

    torch.manual_seed(s)  # bernoulli_ with PyTorch's default kernel (this build has no MKL), then dropout
    bern = torch.empty(50).bernoulli_(0.7)
    drop = F.dropout(torch.ones(40), 0.3, training=True)
    cases[f"bernoulli/{k}"] = {"p07": bern.int().tolist(), "dropout03_mask": (drop != 0).int().tolist(),
                               "dropout03_bits": bits32(drop)}

    torch.manual_seed(s)  # two epochs of DataLoader(shuffle=True), then the default generator
    dl = torch.utils.data.DataLoader(list(range(10)), batch_size=4, shuffle=True)
    epochs = [[batch.tolist() for batch in dl] for _ in range(2)]
    cases[f"dataloader/{k}"] = {"epochs": epochs, "rand2": bits32(torch.rand(2))}

meta = {"torch": torch.__version__, "mkl": torch.backends.mkl.is_available(),
        "capability": torch.backends.cpu.get_cpu_capability() if hasattr(torch.backends, "cpu") else "unknown"}
with open(OUT, "w") as f:
    json.dump({"meta": meta, "seeds": [str(s) for s in SEEDS], "cases": cases}, f, separators=(",", ":"))
print("wrote", os.path.normpath(OUT), len(cases), "cases")
