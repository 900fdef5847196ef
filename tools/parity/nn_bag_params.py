#!/usr/bin/python3
"""Write packages/nn/test/fixtures/bag_params.json with real PyTorch, for packages/nn/test/bag-params.test.ts.

EmbeddingBag cases: the module built after torch.manual_seed(seed) (weight = normal_ draw,
padding row zeroed), its repr, forward on stored indices / offsets / per-sample weights,
backward with a stored upstream gradient (weight and per-sample-weight gradients) and the
weight after (max_norm renormalises it in place). ParameterList / ParameterDict: reprs and
state-dict keys, alone and inside a module.

Run with Debian's PyTorch: /usr/bin/python3 tools/parity/nn_bag_params.py
"""
import torch
import torch.nn as nn

from nn_common import gen, t2j, write

torch.set_num_threads(1)


def randn(shape, seed, scale=1.0):
    return torch.randn(*shape, generator=gen(seed)) * scale


def bag(name, args, kwargs, inp, offsets=None, psw=None, seed=0, dtype=torch.float32):
    torch.manual_seed(seed)
    mod = nn.EmbeddingBag(*args, **kwargs).to(dtype)
    init_w = t2j(mod.weight)
    pw = psw.to(dtype).clone().requires_grad_() if psw is not None else None
    out = mod(inp, offsets, pw)
    gout = randn(out.shape, 7).to(dtype)
    out.backward(gout)
    return {
        "name": name, "args": list(args), "kwargs": kwargs, "seed": seed, "repr": repr(mod), "init": init_w,
        "input": t2j(inp), "offsets": t2j(offsets) if offsets is not None else None,
        "psw": t2j(psw.to(dtype)) if psw is not None else None, "node": out.grad_fn.name(),
        "output": t2j(out), "gout": t2j(gout), "weightGrad": t2j(mod.weight.grad),
        "pswGrad": t2j(pw.grad) if pw is not None else None, "weightAfter": t2j(mod.weight),
    }


I = torch.tensor
bags = [
    bag("mean", [10, 3], {}, I([1, 2, 4, 5, 4, 3, 2, 9]), I([0, 4])),
    bag("sum", [10, 3], {"mode": "sum"}, I([1, 2, 4, 5, 4, 3, 2, 9]), I([0, 3, 3, 5]), seed=1),
    bag("max", [10, 4], {"mode": "max"}, I([1, 2, 4, 5, 4, 3, 2, 9, 1]), I([0, 4, 4, 7]), seed=2),
    bag("max repeated index", [6, 2], {"mode": "max"}, I([3, 3, 1, 0]), I([0, 2]), seed=3),
    bag("2-D input mean", [8, 3], {}, I([[1, 2, 3], [4, 5, 6]]), seed=4),
    bag("2-D input max", [8, 3], {"mode": "max"}, I([[1, 2, 3], [4, 5, 6], [7, 7, 0]]), seed=5),
    bag("per sample weights", [10, 3], {"mode": "sum"}, I([1, 2, 4, 5, 4, 3]), I([0, 2]), psw=randn([6], 10), seed=6),
    bag("padding mean", [10, 3], {"padding_idx": 2}, I([2, 2, 4, 5, 2, 3, 2, 9]), I([0, 2, 4]), seed=7),
    bag("padding sum psw", [10, 3], {"mode": "sum", "padding_idx": 0}, I([0, 2, 4, 0]), I([0, 1]), psw=randn([4], 11), seed=8),
    bag("padding max negative idx", [6, 3], {"mode": "max", "padding_idx": -1}, I([5, 1, 5, 2, 5]), I([0, 1, 3]), seed=9),
    bag("include last offset", [10, 3], {"mode": "sum", "include_last_offset": True}, I([1, 2, 4, 5, 4, 3]), I([0, 2, 5, 6]), seed=10),
    bag("max_norm", [10, 3], {"max_norm": 1.0}, I([1, 2, 4, 5, 4]), I([0, 2]), seed=11),
    bag("float64 mean", [7, 2], {}, I([1, 2, 6, 5]), I([0, 1]), seed=13, dtype=torch.float64),
]


def freq_case():
    """scale_grad_by_freq. torch 1.13's CPU embedding_bag backward divides by the count of the wrong
    row (counts[indices_sorted[i]] with i the group number: for indices [1, 1, 4, 1, 4] row 4's
    gradient is divided by 3, not 2), so the truth is composed from F.embedding(scale_grad_by_freq=True),
    whose backward divides each row by its count in the input, summed per bag."""
    r = bag("scale_grad_by_freq", [10, 3], {"mode": "sum", "scale_grad_by_freq": True, "norm_type": 1.0}, I([1, 1, 4, 1, 4]), I([0, 2]), seed=12)
    w = torch.nn.Parameter(torch.tensor(r["init"]["data"]).view(10, 3))
    rows = nn.functional.embedding(I([1, 1, 4, 1, 4]), w, scale_grad_by_freq=True)
    out = torch.zeros(2, 3).index_add(0, I([0, 0, 1, 1, 1]), rows)
    out.backward(torch.tensor(r["gout"]["data"]).view(2, 3))
    assert torch.allclose(out, torch.tensor(r["output"]["data"]).view(2, 3))
    r["weightGrad"] = t2j(w.grad)
    return r


bags.append(freq_case())


def err(name, fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return {"name": name, "message": str(e).split("\n")[0]}
    raise AssertionError(name + " did not raise")


torch.manual_seed(0)
e = nn.EmbeddingBag(10, 3)
inp = I([1, 2, 4, 5, 4, 3, 2, 9])
errors = [
    err("offsets[0]", lambda: e(inp, I([1, 4]))),
    err("offsets[-1]", lambda: e(inp, I([0, 9]))),
    err("2-D with offsets", lambda: e(inp.view(2, 4), I([0, 4]))),
    err("1-D without offsets", lambda: e(inp)),
    err("offsets 2-D", lambda: e(inp, I([[0, 4]]))),
    err("psw mean", lambda: e(inp, I([0, 4]), torch.rand(8))),
    err("psw shape", lambda: nn.EmbeddingBag(10, 3, mode="sum")(inp, I([0, 4]), torch.rand(7))),
    err("float indices", lambda: e(inp.float(), I([0, 4]))),
    err("3-D input", lambda: e(inp.view(2, 2, 2))),
    err("bad mode", lambda: nn.functional.embedding_bag(inp, e.weight, I([0]), mode="bad")),
    err("padding_idx", lambda: nn.functional.embedding_bag(inp, e.weight, I([0]), padding_idx=12)),
]


class Holder(nn.Module):
    def __init__(self):
        super().__init__()
        self.ps = nn.ParameterList([nn.Parameter(torch.ones(2))])
        self.pd = nn.ParameterDict({"w": nn.Parameter(torch.ones(2, 2))})
        self.lin = nn.Linear(1, 1)


pl = nn.ParameterList([nn.Parameter(torch.zeros(2, 3)), nn.Parameter(torch.zeros(3, dtype=torch.float64)), nn.Parameter(torch.zeros(()))])
pd = nn.ParameterDict({"b": nn.Parameter(torch.zeros(2, 3)), "a": nn.Parameter(torch.zeros(3, dtype=torch.float64))})
containers = {
    "list": {"repr": repr(pl), "keys": list(pl.state_dict().keys())},
    "dict": {"repr": repr(pd), "keys": list(pd.state_dict().keys())},
    "holder": {"repr": repr(Holder()), "keys": list(Holder().state_dict().keys())},
    "empty": {"repr": repr(nn.ParameterList()) + " " + repr(nn.ParameterDict())},
}

write("bag_params.json", {"bags": bags, "errors": errors, "containers": containers})
