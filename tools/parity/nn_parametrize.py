#!/usr/bin/python3
"""Write packages/nn/test/fixtures/nn_parametrize.json with real PyTorch, for packages/nn/test/parametrize.test.ts.

Covers torch.nn.utils.parametrize (register/remove, chains, right_inverse, tuple originals, the
setter), parametrizations.spectral_norm (buffers drawn after manual_seed, power iterations over
a few SGD steps, eval mode), parametrizations.weight_norm and the legacy hook-style
weight_norm / spectral_norm.

torch 1.13 has no parametrizations.weight_norm (it is 2.1+). Its truth is composed here: the
class below is PyTorch 2.1's _WeightNorm (forward = torch._weight_norm(v, g, dim), right_inverse
= (torch.norm_except_dim(w, 2, dim), w), dim None meaning -1), registered with 1.13's
register_parametrization(unsafe=True) as 2.1's weight_norm does; the script also checks that
the numbers equal 1.13's hook-style torch.nn.utils.weight_norm (the same computation).

Run with Debian's PyTorch: /usr/bin/python3 tools/parity/nn_parametrize.py
"""
import warnings

import torch
import torch.nn as nn
from torch.nn.utils import parametrize as P
from torch.nn.utils import parametrizations as PZ

import numpy as np

from nn_common import t2j as t2j_exact, write

torch.set_num_threads(1)
warnings.filterwarnings("ignore")


def t2j(t):
    """nn_common's t2j with float32 values written as their shortest round-trip decimals (smaller JSON)."""
    j = t2j_exact(t)
    if j["dtype"] == "float32":
        j["data"] = [float(str(np.float32(v))) if isinstance(v, float) else v for v in j["data"]]
    return j


class _WeightNorm(nn.Module):
    """PyTorch 2.1's torch.nn.utils.parametrizations._WeightNorm."""

    def __init__(self, dim=0):
        super().__init__()
        self.dim = -1 if dim is None else dim

    def forward(self, weight_g, weight_v):
        return torch._weight_norm(weight_v, weight_g, self.dim)

    def right_inverse(self, weight):
        return torch.norm_except_dim(weight, 2, self.dim), weight


def weight_norm_21(module, name="weight", dim=0):
    P.register_parametrization(module, name, _WeightNorm(dim), unsafe=True)
    return module


class Symmetric(nn.Module):
    def forward(self, x):
        return x.triu() + x.triu(1).transpose(-1, -2)


class Scale(nn.Module):
    def forward(self, x):
        return x * 2

    def right_inverse(self, x):
        return x / 2


class RankOne(nn.Module):
    def forward(self, x, y):
        return torch.outer(x, y)

    def right_inverse(self, z):
        return z[:, 0].clone(), z[0, :] / z[0, 0]


def grads(m):
    return {n: t2j(p.grad) for n, p in m.named_parameters() if p.grad is not None}


def state(m):
    return {k: t2j(v) for k, v in m.state_dict().items()}


def sgd(m, lr=0.1):
    with torch.no_grad():
        for p in m.parameters():
            p -= lr * p.grad
            p.grad = None


def step(m, x, g, attr="weight"):
    """One forward/backward: output, the parametrized tensor, gradients, then the state after SGD."""
    out = m(x)
    rec = {"out": t2j(out), "weight": t2j(getattr(m, attr))}
    (out * g).sum().backward()
    rec["grads"] = grads(m)
    sgd(m)
    rec["state"] = state(m)
    return rec


def custom_cases():
    cases = {}
    # A: a chain Symmetric -> Scale on Linear(3, 3): weight = 2 * sym(original).
    torch.manual_seed(0)
    m = nn.Linear(3, 3)
    w0 = m.weight.detach().clone()
    P.register_parametrization(m, "weight", Symmetric())
    P.register_parametrization(m, "weight", Scale())
    x = torch.randn(2, 3)
    g = torch.randn(2, 3)
    cases["chain"] = {"w0": t2j(w0), "x": t2j(x), "g": t2j(g), "repr": str(m), "keys": list(m.state_dict().keys()),
                      **step(m, x, g)}
    try:
        m.weight = torch.ones(3, 3)
    except RuntimeError as e:
        cases["chain"]["setError"] = str(e)
    # B: Scale alone: original = right_inverse(weight) = weight / 2; the setter; removal both ways.
    torch.manual_seed(1)
    m = nn.Linear(3, 2)
    w0 = m.weight.detach().clone()
    P.register_parametrization(m, "weight", Scale())
    orig = m.parametrizations.weight.original.detach().clone()
    target = torch.randn(2, 3)
    m.weight = target
    after_set = m.parametrizations.weight.original.detach().clone()
    m2 = nn.Linear(3, 2)
    P.register_parametrization(m2, "weight", Scale())
    m2.weight = target
    P.remove_parametrizations(m, "weight", leave_parametrized=True)
    P.remove_parametrizations(m2, "weight", leave_parametrized=False)
    cases["scale"] = {"w0": t2j(w0), "original": t2j(orig), "target": t2j(target), "afterSet": t2j(after_set),
                      "leftParametrized": t2j(m.weight), "leftOriginal": t2j(m2.weight),
                      "keysAfterRemove": list(m.state_dict().keys()), "reprAfterRemove": str(m)}
    # C: right_inverse returning a tuple: original0, original1.
    torch.manual_seed(2)
    m = nn.Linear(3, 4)
    w0 = m.weight.detach().clone()
    P.register_parametrization(m, "weight", RankOne())
    x = torch.randn(2, 3)
    g = torch.randn(2, 4)
    cases["rankOne"] = {"w0": t2j(w0), "x": t2j(x), "g": t2j(g), "keys": list(m.state_dict().keys()),
                        "original0": t2j(m.parametrizations.weight.original0),
                        "original1": t2j(m.parametrizations.weight.original1), **step(m, x, g)}
    try:
        P.remove_parametrizations(m, "weight", leave_parametrized=False)
    except ValueError as e:
        cases["rankOne"]["removeError"] = str(e)
    P.remove_parametrizations(m, "weight")
    cases["rankOne"]["removed"] = t2j(m.weight)
    return cases


def spectral_cases():
    cases = []

    def run(name, build, x_shape, steps, **kw):
        torch.manual_seed(0)
        m = build()
        w0 = m.weight.detach().clone()
        PZ.spectral_norm(m, **kw)
        rec = {"name": name, "kw": kw, "w0": t2j(w0), "keys": list(m.state_dict().keys()), "init": state(m),
               "repr": str(m)}
        torch.manual_seed(1)
        x = torch.randn(*x_shape)
        out_shape = m(x).shape
        g = torch.randn(*out_shape)
        # the probing forward above ran one power iteration too: recorded so the test can replay it
        rec["afterProbe"] = state(m)
        rec["x"], rec["g"] = t2j(x), t2j(g)
        rec["steps"] = [step(m, x, g) for _ in range(steps)]
        m.eval()
        rec["eval"] = {"out": t2j(m(x)), "weight": t2j(m.weight), "state": state(m)}
        cases.append(rec)

    run("linear", lambda: nn.Linear(5, 4), (3, 5), 3)
    run("linear3iters", lambda: nn.Linear(4, 6), (2, 4), 2, n_power_iterations=3, eps=1e-6)
    run("conv2d", lambda: nn.Conv2d(2, 3, 3), (1, 2, 4, 4), 1)
    run("convT2d", lambda: nn.ConvTranspose2d(2, 3, 2), (1, 2, 3, 3), 1)
    run("linearDim1", lambda: nn.Linear(3, 5), (2, 3), 2, dim=1)
    # a 1-D tensor: no buffers, F.normalize
    torch.manual_seed(0)
    m = nn.Linear(3, 4)
    b0 = m.bias.detach().clone()
    PZ.spectral_norm(m, name="bias")
    cases.append({"name": "bias1d", "b0": t2j(b0), "keys": list(m.state_dict().keys()), "bias": t2j(m.bias)})
    return cases


def weight_norm_cases():
    cases = []

    def run(name, build, x_shape, dim):
        torch.manual_seed(0)
        m = build()
        w0 = m.weight.detach().clone()
        weight_norm_21(m, dim=dim)
        torch.manual_seed(1)
        x = torch.randn(*x_shape)
        g = torch.randn(*m(x).shape)
        rec = {"name": name, "dim": dim, "w0": t2j(w0), "x": t2j(x), "g": t2j(g), "keys": list(m.state_dict().keys()),
               "init": state(m), "repr": str(m), **step(m, x, g)}
        # the composed truth equals the 1.13 hook version's numbers
        torch.manual_seed(0)
        legacy = build()
        torch.nn.utils.weight_norm(legacy, dim=dim)
        lo = legacy(x)
        (lo * g).sum().backward()
        assert torch.allclose(legacy.weight_g.grad, fromj(rec["grads"]["parametrizations.weight.original0"]), atol=1e-6)
        assert torch.allclose(legacy.weight_v.grad, fromj(rec["grads"]["parametrizations.weight.original1"]), atol=1e-6)
        assert torch.allclose(lo, fromj(rec["out"]), atol=1e-6)
        cases.append(rec)

    run("linear", lambda: nn.Linear(4, 3), (2, 4), 0)
    run("linearDim1", lambda: nn.Linear(4, 3), (2, 4), 1)
    run("linearWhole", lambda: nn.Linear(4, 3), (2, 4), None)
    run("conv1d", lambda: nn.Conv1d(2, 3, 2), (1, 2, 5), 0)
    run("conv1dDim2", lambda: nn.Conv1d(2, 3, 2), (1, 2, 5), 2)
    return cases


def fromj(j):
    return torch.tensor(j["data"], dtype=torch.float32).reshape(j["shape"])


def legacy_cases():
    out = {}
    torch.manual_seed(0)
    m = nn.Linear(4, 3)
    torch.nn.utils.weight_norm(m)
    torch.manual_seed(1)
    x = torch.randn(2, 4)
    g = torch.randn(2, 3)
    out["weightNorm"] = {"x": t2j(x), "g": t2j(g), "keys": list(m.state_dict().keys()), "init": state(m),
                         "names": [n for n, _ in m.named_parameters()], **step(m, x, g)}
    torch.nn.utils.remove_weight_norm(m)
    out["weightNorm"]["removed"] = {"keys": list(m.state_dict().keys()), "weight": t2j(m.weight)}

    torch.manual_seed(0)
    m = nn.Linear(5, 4)
    w0 = m.weight.detach().clone()
    torch.nn.utils.spectral_norm(m)
    torch.manual_seed(1)
    x = torch.randn(3, 5)
    g = torch.randn(3, 4)
    rec = {"w0": t2j(w0), "x": t2j(x), "g": t2j(g), "keys": list(m.state_dict().keys()), "init": state(m),
           "steps": [step(m, x, g) for _ in range(3)]}
    m.eval()
    rec["eval"] = {"out": t2j(m(x)), "weight": t2j(m.weight), "state": state(m)}
    torch.nn.utils.remove_spectral_norm(m)
    rec["removed"] = {"keys": list(m.state_dict().keys()), "weight": t2j(m.weight)}
    out["spectralNorm"] = rec
    return out


def main():
    write("nn_parametrize.json", {
        "custom": custom_cases(),
        "spectral": spectral_cases(),
        "weightNorm": weight_norm_cases(),
        "legacy": legacy_cases(),
    })


if __name__ == "__main__":
    main()
