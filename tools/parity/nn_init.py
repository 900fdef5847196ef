#!/usr/bin/python3
"""Write packages/nn/test/fixtures/init.json with real PyTorch, for packages/nn/test/init.test.ts.

Each case runs one torch.nn.init function on a fresh tensor right after torch.manual_seed(seed)
and stores the result (float32 values are exact in JSON, so the test compares bits; only
orthogonal_, which goes through LAPACK's QR, is compared to rounding). Also
calculate_gain values and a generator-driven fill (tensor.uniform_/normal_ with generator=,
which torchlet's init functions take as { generator }).

Run with Debian's PyTorch: /usr/bin/python3 tools/parity/nn_init.py
"""
import math

import torch
import torch.nn.init as init

from nn_common import t2j, write

torch.set_num_threads(1)


def case(name, fn, shape, args=(), kwargs=None, seed=0, dtype=torch.float32, exact=True):
    torch.manual_seed(seed)
    t = torch.empty(*shape, dtype=dtype)
    getattr(init, fn)(t, *args, **(kwargs or {}))
    return {"name": name, "fn": fn, "shape": list(shape), "dtype": "float64" if dtype == torch.float64 else "float32",
            "args": list(args), "kwargs": kwargs or {}, "seed": seed, "exact": exact, "value": t2j(t)}


cases = [
    case("uniform_", "uniform_", [3, 4], [-0.5, 0.5]),
    case("uniform_ float64", "uniform_", [5], [1.0, 3.0], seed=1, dtype=torch.float64),
    case("normal_ small", "normal_", [3, 4], [0.5, 2.0], seed=2),
    case("normal_ large", "normal_", [5, 7], [0.0, 0.02], seed=3),
    case("normal_ float64", "normal_", [20], [1.0, 0.5], seed=4, dtype=torch.float64),
    case("constant_", "constant_", [2, 3], [0.25]),
    case("ones_", "ones_", [4]),
    case("zeros_", "zeros_", [2, 2]),
    case("eye_", "eye_", [3, 5]),
    case("xavier_uniform_", "xavier_uniform_", [4, 6], seed=5),
    case("xavier_uniform_ gain", "xavier_uniform_", [5, 3, 2, 2], [init.calculate_gain("tanh")], seed=6),
    case("xavier_normal_", "xavier_normal_", [5, 7, 3], seed=7),
    case("xavier_normal_ gain small", "xavier_normal_", [3, 2], [2.0], seed=8),
    case("kaiming_uniform_", "kaiming_uniform_", [6, 4], seed=9),
    case("kaiming_uniform_ a=sqrt(5)", "kaiming_uniform_", [5, 2], kwargs={"a": math.sqrt(5)}, seed=10),
    case("kaiming_uniform_ fan_out relu", "kaiming_uniform_", [4, 3, 3], kwargs={"mode": "fan_out", "nonlinearity": "relu"}, seed=11),
    case("kaiming_normal_", "kaiming_normal_", [8, 5], seed=12),
    case("kaiming_normal_ small leaky", "kaiming_normal_", [3, 3], kwargs={"a": 0.2, "mode": "fan_out"}, seed=13),
    case("trunc_normal_", "trunc_normal_", [2000], seed=14),
    case("trunc_normal_ shifted", "trunc_normal_", [40, 25], [1.0, 0.5, 0.0, 1.5], seed=15),
    case("orthogonal_ wide", "orthogonal_", [4, 6], seed=16, exact=False),
    case("orthogonal_ tall gain", "orthogonal_", [6, 4], [2.0], seed=17, exact=False),
    case("orthogonal_ conv", "orthogonal_", [3, 2, 2], seed=18, exact=False),
]

gains = {k: init.calculate_gain(k) for k in ["linear", "conv1d", "conv2d", "sigmoid", "tanh", "relu", "leaky_relu", "selu"]}
gains["leaky_relu 0.2"] = init.calculate_gain("leaky_relu", 0.2)

g = torch.Generator().manual_seed(123)
gen_uniform = torch.empty(3, 3).uniform_(-1, 1, generator=g)
gen_normal = torch.empty(20).normal_(0, 1, generator=g)

# erfinv over the whole range, tails included (truncNormal_ goes through it).
torch.manual_seed(19)
ey = torch.cat([torch.empty(3000).uniform_(-1, 1), torch.tensor([0.0, -0.0, 0.7, -0.7, 0.69999, 0.9999, -0.99999, 0.999999, 1e-8, -3e-5, 1.0, -1.0])])
erfinv = {"y": t2j(ey), "x": t2j(torch.erfinv(ey))}

write("init.json", {"cases": cases, "gains": gains, "erfinv": erfinv, "generator": {"seed": 123, "uniform": t2j(gen_uniform), "normal": t2j(gen_normal)}})
