"""Golden fixtures for higher-order autograd: Hessian-vector products, a gradient penalty, and
double backward through elementwise ops, matmul, reductions and softmax.

Run with /usr/bin/python3. Writes packages/core/test/fixtures/core-autograd.json. Every case lists
its float32 inputs and the results the TypeScript test recomputes with the same formula.
"""
import json
import os

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "packages", "core", "test", "fixtures", "core-autograd.json")
rng = np.random.default_rng(7)


def arr(*shape, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def enc(t):
    return [float(str(np.float32(v))) for v in t.detach().reshape(-1).tolist()]


def leaf(a):
    return torch.tensor(a, requires_grad=True)


def hvp_case():
    x0, w0, v0 = arr(3, 4), arr(4, 2), arr(3, 4)
    x, w = leaf(x0), leaf(w0)
    f = ((x @ w).sigmoid() ** 2).sum()
    (gx,) = torch.autograd.grad(f, x, create_graph=True)
    (hv,) = torch.autograd.grad((gx * torch.tensor(v0)).sum(), x)
    return {"name": "hvp", "x": enc(x), "w": enc(w), "v": enc(torch.tensor(v0)), "xShape": [3, 4], "wShape": [4, 2],
            "f": enc(f), "gx": enc(gx), "hv": enc(hv)}


def penalty_case():
    x0, w10, w20 = arr(5, 3), arr(3, 4), arr(4, 1)
    x, w1, w2 = leaf(x0), leaf(w10), leaf(w20)
    d = (x @ w1).tanh() @ w2
    (gx,) = torch.autograd.grad(d.sum(), x, create_graph=True)
    gp = ((gx.norm(2, dim=1) - 1) ** 2).mean()
    gp.backward()
    return {"name": "gradient penalty", "x": enc(x), "w1": enc(w1), "w2": enc(w2), "gp": enc(gp),
            "gx": enc(gx), "w1grad": enc(w1.grad), "w2grad": enc(w2.grad), "xgrad": enc(x.grad)}


def second_order_cases():
    """d/dx of (d/dx f(x) . v) for one-input functions, by name (the test maps the names)."""
    fns = {
        "exp*sin": lambda x: (x.exp() * x.sin()).sum(),
        "tanh^3": lambda x: (x.tanh() ** 3).sum(),
        "sigmoid/(1+x^2)": lambda x: (x.sigmoid() / (1 + x * x)).sum(),
        "logsumexp": lambda x: x.logsumexp(1).sum(),
        "softmax*w": lambda x: (x.softmax(1) * torch.arange(4.0)).sum(),
        "logSoftmax^2": lambda x: (x.log_softmax(1) ** 2).sum(),
        "var": lambda x: x.var(1).sum(),
        "std": lambda x: x.std(0).sum(),
        "mean^2": lambda x: x.mean(0).pow(2).sum(),
        "max": lambda x: (x.max(1).values ** 2).sum(),
        "amax*x": lambda x: (x.amax(0) * x.sum(0)).sum(),
        "prod": lambda x: x.prod(1).sum(),
        "norm": lambda x: x.norm(2, 1).sum(),
        "matmul xxT": lambda x: (x @ x.t()).pow(2).sum(),
        "relu*x": lambda x: (x.relu() * x).sum(),
        "gelu": lambda x: torch.nn.functional.gelu(x).sum(),
        "silu": lambda x: torch.nn.functional.silu(x).sum(),
        "softplus": lambda x: torch.nn.functional.softplus(x).pow(2).sum(),
        "elu": lambda x: torch.nn.functional.elu(x).pow(2).sum(),
        "sqrt(abs+1)": lambda x: (x.abs() + 1).sqrt().sum(),
        "rsqrt(x^2+1)": lambda x: (x * x + 1).rsqrt().sum(),
        "log1p(x^2)": lambda x: (x * x).log1p().sum(),
        "div": lambda x: (x / (x.exp() + 1)).sum(),
        "maximum": lambda x: torch.maximum(x, x.flip(1) * 0.5).pow(2).sum(),
        "addcmul": lambda x: torch.addcmul(x, x, x.sin(), value=0.5).pow(2).sum(),
        "addcdiv": lambda x: torch.addcdiv(x, x, x.exp(), value=0.5).pow(2).sum(),
        "lerp": lambda x: torch.lerp(x, x.cos(), 0.3).pow(2).sum(),
        "lerp tensor weight": lambda x: torch.lerp(x, x.cos(), x.sigmoid()).pow(2).sum(),
        "pow tensor": lambda x: ((x.abs() + 0.5) ** x.cos()).sum(),
        "clamp*x": lambda x: (x.clamp(-0.5, 0.5) * x).sum(),
        "where": lambda x: torch.where(x > 0, x * x, x.exp()).sum(),
    }
    out = []
    for name, f in fns.items():
        x0, v0 = arr(3, 4), arr(3, 4)
        x = leaf(x0)
        y = f(x)
        (g,) = torch.autograd.grad(y, x, create_graph=True)
        (hv,) = torch.autograd.grad((g * torch.tensor(v0)).sum(), x)
        out.append({"name": name, "x": enc(x), "v": enc(torch.tensor(v0)), "y": enc(y), "g": enc(g), "hv": enc(hv)})
    return out


def third_order_case():
    x = leaf(arr(4))
    y = (x.sin() * x.exp()).sum()
    (g1,) = torch.autograd.grad(y, x, create_graph=True)
    (g2,) = torch.autograd.grad(g1.sum(), x, create_graph=True)
    (g3,) = torch.autograd.grad(g2.sum(), x)
    return {"name": "third order", "x": enc(x), "g1": enc(g1), "g2": enc(g2), "g3": enc(g3)}


def main():
    torch.manual_seed(0)
    data = {"torch": torch.__version__, "hvp": hvp_case(), "penalty": penalty_case(),
            "secondOrder": second_order_cases(), "thirdOrder": third_order_case()}
    with open(OUT, "w") as f:
        json.dump(data, f, separators=(",", ":"))
    print(f"wrote {os.path.normpath(OUT)} ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()
