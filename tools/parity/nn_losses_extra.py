#!/usr/bin/python3
"""Write packages/nn/test/fixtures/nn_losses_extra.json with real PyTorch, for
packages/nn/test/losses-extra.test.ts and ctc.test.ts.

Each case calls one torch.nn.functional loss (margin ranking, triplet, cosine/hinge embedding, soft
margin, multilabel, multi margin, Poisson/Gaussian NLL, CTC) with stored arguments and options for
each reduction, and stores the value, the grad_fn name and the gradient of every argument listed in
`grads` for a stored upstream gradient. Options are stored camelCased (torchlet's keys); CTC's
lengths are stored as plain lists with a flag saying whether the test passes them as tensors.
Arguments listed in `transposed` are stored transposed (2-D) so the test rebuilds them as
non-contiguous views with .t(). Error cases store PyTorch's message.

Run with Debian's PyTorch: /usr/bin/python3 tools/parity/nn_losses_extra.py
"""
import re
import warnings

import torch
import torch.nn.functional as F

import numpy as np

from nn_common import gen, write
from nn_common import t2j as exact_t2j

torch.set_num_threads(1)
warnings.filterwarnings("ignore")


def t2j(t):
    """nn_common's t2j, float32 values written in their shortest form (they parse back to the same float32)."""
    j = exact_t2j(t)
    if j["dtype"] == "float32":
        j["data"] = [float(np.format_float_positional(np.float32(v), unique=True)) if isinstance(v, float) else v for v in j["data"]]
    return j


def snake(k):
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), k)


DISTANCES = {
    "cosine": lambda a, b: 1.0 - F.cosine_similarity(a, b),
    "l1": lambda a, b: F.pairwise_distance(a, b, p=1.0),
}


def call(fn, args, opts):
    kw = {}
    for k, v in opts.items():
        if k == "distanceFunction":
            kw["distance_function"] = DISTANCES[v]
        elif k == "logInput":
            kw["log_input"] = v
        else:
            kw[snake(k)] = v
    return getattr(F, fn)(*args, **kw)


def enc(v):
    return t2j(v) if isinstance(v, torch.Tensor) else v


def randn(*shape, seed, scale=1.0, dtype=torch.float32):
    return (torch.randn(*shape, generator=gen(seed), dtype=torch.float64) * scale).to(dtype)


def rand(*shape, seed):
    return torch.rand(*shape, generator=gen(seed))


def sign(*shape, seed):
    return torch.where(rand(*shape, seed=seed) < 0.5, -1.0, 1.0)


SEEN = set()


def case(name, fn, args, opts=None, grads=(0,), reductions=("mean", "none"), transposed=(), lengths_as=None):
    """reductions: 'sum' is added to the first case of each loss (fn). lengths_as: for ctc_loss, 'tensor' or 'list' (the last two args are lists of ints)."""
    opts = opts or {}
    if fn not in SEEN:
        SEEN.add(fn)
        reductions = (*reductions, "sum")
    stored = []
    for i, a in enumerate(args):
        if isinstance(a, torch.Tensor):
            stored.append(t2j(a.t() if i in transposed else a))
        else:
            stored.append(a)
    out = {"name": name, "fn": fn, "args": stored, "options": {k: enc(v) for k, v in opts.items()}, "grads": list(grads),
           "transposed": list(transposed), "lengthsAs": lengths_as, "runs": []}
    for red in reductions:
        xs = [a.clone().requires_grad_(True) if i in grads else a for i, a in enumerate(args)]
        call_args = list(xs)
        if lengths_as == "tensor":
            call_args[2], call_args[3] = torch.tensor(xs[2]), torch.tensor(xs[3])
        y = call(fn, call_args, {**opts, "reduction": red})
        gout = randn(*y.shape, seed=99) if y.dim() > 0 else torch.tensor(0.75)
        y.backward(gout)
        out["runs"].append({
            "reduction": red, "output": t2j(y), "gradFn": type(y.grad_fn).__name__, "gout": t2j(gout),
            "grads": [t2j(xs[i].grad) if xs[i].grad is not None else None for i in grads],
        })
    return out


def error(name, fn, args, opts=None, lengths_as=None):
    call_args = list(args)
    if lengths_as == "tensor":
        call_args[2], call_args[3] = torch.tensor(args[2]), torch.tensor(args[3])
    try:
        call(fn, call_args, opts or {})
    except Exception as e:  # noqa: BLE001 - we record PyTorch's message
        return {"name": name, "fn": fn, "args": [enc(a) for a in args], "options": {k: enc(v) for k, v in (opts or {}).items()},
                "lengthsAs": lengths_as, "message": str(e).split("\n")[0]}
    raise AssertionError(f"{name} did not raise")


x34, y34 = randn(3, 4, seed=1), randn(3, 4, seed=2)
long = lambda v: torch.tensor(v, dtype=torch.long)  # noqa: E731

cases = [
    case("margin ranking", "margin_ranking_loss", [randn(6, seed=3), randn(6, seed=4), sign(6, seed=5)], {"margin": 0.3}, grads=(0, 1, 2)),
    case("margin ranking transposed", "margin_ranking_loss", [randn(4, 3, seed=6).t(), randn(3, 4, seed=7), sign(3, 4, seed=8)],
         grads=(0, 1, 2), transposed=(0,)),
    case("margin ranking broadcast", "margin_ranking_loss", [randn(3, 1, seed=9), randn(3, 4, seed=10), sign(1, 4, seed=11)],
         {"margin": -0.2}, grads=(0, 1, 2)),
    case("margin ranking empty", "margin_ranking_loss", [randn(0, seed=12), randn(0, seed=13), sign(0, seed=14)], grads=(0, 1)),
    case("triplet", "triplet_margin_loss", [randn(4, 5, seed=15), randn(4, 5, seed=16), randn(4, 5, seed=17)], grads=(0, 1, 2)),
    case("triplet p1 swap", "triplet_margin_loss", [randn(4, 5, seed=18), randn(4, 5, seed=19), randn(4, 5, seed=20)],
         {"margin": 2.0, "p": 1.0, "eps": 1e-3, "swap": True}, grads=(0, 1, 2)),
    case("triplet unbatched p3", "triplet_margin_loss", [randn(5, seed=21), randn(5, seed=22), randn(5, seed=23)], {"p": 3.0, "margin": 3.0}, grads=(0, 1, 2)),
    case("triplet broadcast negative", "triplet_margin_loss", [randn(4, 5, seed=24), randn(4, 5, seed=25), randn(1, 5, seed=26)],
         {"swap": True}, grads=(0, 1, 2)),
    case("triplet distance default", "triplet_margin_with_distance_loss", [randn(4, 5, seed=27), randn(4, 5, seed=28), randn(4, 5, seed=29)], grads=(0, 1, 2)),
    case("triplet distance cosine swap", "triplet_margin_with_distance_loss", [randn(4, 5, seed=30), randn(4, 5, seed=31), randn(4, 5, seed=32)],
         {"distanceFunction": "cosine", "margin": 0.5, "swap": True}, grads=(0, 1, 2)),
    case("triplet distance l1", "triplet_margin_with_distance_loss", [randn(4, 5, seed=33), randn(4, 5, seed=34), randn(4, 5, seed=35)],
         {"distanceFunction": "l1", "margin": 1.5}, grads=(0, 1, 2)),
    case("cosine embedding", "cosine_embedding_loss", [randn(6, 5, seed=36), randn(6, 5, seed=37), sign(6, seed=38)], {"margin": 0.1}, grads=(0, 1)),
    case("cosine embedding transposed", "cosine_embedding_loss", [randn(5, 4, seed=39).t(), randn(4, 5, seed=40), sign(4, seed=41)],
         {"margin": -0.3}, grads=(0, 1), transposed=(0,)),
    case("cosine embedding 1-D", "cosine_embedding_loss", [randn(5, seed=42), randn(5, seed=43), torch.tensor(-1.0)], grads=(0, 1)),
    case("cosine embedding 1-D positive", "cosine_embedding_loss", [randn(5, seed=44), randn(5, seed=45), torch.tensor(1.0)], grads=(0, 1)),
    case("hinge embedding", "hinge_embedding_loss", [randn(3, 4, seed=46), sign(3, 4, seed=47)], grads=(0,)),
    case("hinge embedding margin", "hinge_embedding_loss", [randn(3, 4, seed=48, scale=2.0), sign(3, 4, seed=49)], {"margin": 0.5}, grads=(0,)),
    case("hinge embedding 0-d", "hinge_embedding_loss", [torch.tensor(0.25), torch.tensor(-1.0)], grads=(0,)),
    case("soft margin", "soft_margin_loss", [randn(3, 4, seed=50, scale=2.0), sign(3, 4, seed=51)], grads=(0,)),
    case("soft margin transposed", "soft_margin_loss", [randn(4, 3, seed=52).t(), sign(3, 4, seed=53)], grads=(0,), transposed=(0,)),
    case("soft margin 0-d", "soft_margin_loss", [torch.tensor(-0.5), torch.tensor(1.0)], grads=(0,)),
    case("multilabel soft margin", "multilabel_soft_margin_loss", [randn(3, 4, seed=54, scale=2.0), (rand(3, 4, seed=55) > 0.5).float()], grads=(0, 1)),
    case("multilabel soft margin weight", "multilabel_soft_margin_loss", [randn(3, 4, seed=56), rand(3, 4, seed=57)],
         {"weight": rand(4, seed=58)}, grads=(0, 1)),
    case("multilabel soft margin 1-D", "multilabel_soft_margin_loss", [randn(4, seed=59), (rand(4, seed=60) > 0.5).float()], grads=(0,)),
    case("multilabel margin", "multilabel_margin_loss", [randn(3, 4, seed=61), long([[3, 0, -1, 1], [0, 1, 2, 3], [-1, 2, 1, 0]])], grads=(0,)),
    case("multilabel margin transposed", "multilabel_margin_loss", [randn(5, 3, seed=62).t(), long([[4, 2, -1, 0, 0], [1, -1, 0, 0, 0], [0, 1, 2, -1, 3]])],
         grads=(0,), transposed=(0,)),
    case("multilabel margin 1-D", "multilabel_margin_loss", [randn(4, seed=63), long([2, 1, -1, 3])], grads=(0,)),
    # 'mean' of an empty batch reads uninitialised memory in PyTorch 1.13's CPU kernel (not a truth to test).
    case("multilabel margin empty batch", "multilabel_margin_loss", [randn(0, 4, seed=64), torch.zeros(0, 4, dtype=torch.long)], grads=(0,),
         reductions=("sum", "none")),
    case("multi margin", "multi_margin_loss", [randn(4, 5, seed=65), long([0, 4, 2, 2])], grads=(0,)),
    case("multi margin p2 weight", "multi_margin_loss", [randn(4, 5, seed=66), long([1, 3, 0, 4])],
         {"p": 2, "margin": 0.7, "weight": rand(5, seed=67)}, grads=(0,)),
    case("multi margin transposed", "multi_margin_loss", [randn(5, 3, seed=68).t(), long([4, 0, 1])], {"margin": 2.0}, grads=(0,), transposed=(0,)),
    case("multi margin 1-D", "multi_margin_loss", [randn(5, seed=69), long(3)], {"p": 2}, grads=(0,)),
    case("poisson nll", "poisson_nll_loss", [randn(3, 4, seed=70), torch.tensor([[0.0, 1, 2, 3], [4, 0, 1, 5], [2, 2, 0, 7]])], grads=(0, 1)),
    case("poisson nll full", "poisson_nll_loss", [randn(3, 4, seed=71), torch.tensor([[0.0, 1, 2, 3], [4, 0, 1, 5], [2, 2, 0, 7]])],
         {"full": True}, grads=(0, 1)),
    case("poisson nll rates", "poisson_nll_loss", [rand(3, 4, seed=72) * 3, torch.tensor([[0.0, 1, 2, 3], [4, 0.5, 1, 5], [2, 2, 0, 7]])],
         {"logInput": False, "full": True, "eps": 1e-4}, grads=(0, 1)),
    case("poisson nll rates zero", "poisson_nll_loss", [torch.tensor([0.0, 0.5, 2.0]), torch.tensor([1.0, 0.0, 3.0])], {"logInput": False}, grads=(0,)),
    case("gaussian nll", "gaussian_nll_loss", [x34, y34, rand(3, 4, seed=73) + 0.1], grads=(0, 1, 2)),
    case("gaussian nll full eps", "gaussian_nll_loss", [x34, y34, torch.tensor([[0.5, 1e-9, 2, 0.0], [1, 1, 0.3, 2e-6], [0.1, 0.2, 0.3, 0.4]])],
         {"full": True, "eps": 1e-6}, grads=(0, 1, 2)),
    case("gaussian nll var one short", "gaussian_nll_loss", [x34, y34, rand(3, seed=74) + 0.2], grads=(0, 1, 2)),
    case("gaussian nll var last 1", "gaussian_nll_loss", [x34, y34, rand(3, 1, seed=75) + 0.2], grads=(0, 1, 2)),
    case("gaussian nll 0-d input", "gaussian_nll_loss", [torch.tensor(0.5), torch.tensor(0.1), torch.tensor([2.0])], grads=(0, 1, 2)),
    case("gaussian nll 0-d var", "gaussian_nll_loss", [randn(3, seed=78), randn(3, seed=79), torch.tensor(0.7)], grads=(0, 1, 2)),
    case("gaussian nll broadcast target", "gaussian_nll_loss", [x34, randn(1, 4, seed=76), rand(3, 4, seed=77) + 0.2], grads=(0, 1, 2)),
]

errors = [
    error("margin ranking dims", "margin_ranking_loss", [randn(3, seed=1), randn(3, 1, seed=2), sign(3, seed=3)]),
    error("margin ranking reduction", "margin_ranking_loss", [randn(3, seed=1), randn(3, seed=2), sign(3, seed=3)], {"reduction": "avg"}),
    error("triplet reduction", "triplet_margin_loss", [x34, x34, y34], {"reduction": "avg"}),
    error("triplet distance reduction", "triplet_margin_with_distance_loss", [x34, x34, y34], {"reduction": "avg"}),
    error("cosine embedding 2-D target", "cosine_embedding_loss", [x34, y34, torch.ones(3, 1)]),
    error("cosine embedding 0-D target", "cosine_embedding_loss", [x34, y34, torch.tensor(1.0)]),
    error("cosine embedding 1-D target", "cosine_embedding_loss", [randn(4, seed=1), randn(4, seed=2), torch.ones(3)]),
    error("cosine embedding reduction", "cosine_embedding_loss", [x34, y34, torch.ones(3)], {"reduction": "avg"}),
    error("hinge reduction", "hinge_embedding_loss", [x34, y34], {"reduction": "avg"}),
    error("soft margin reduction", "soft_margin_loss", [x34, y34], {"reduction": "avg"}),
    error("multilabel soft margin reduction", "multilabel_soft_margin_loss", [x34, y34], {"reduction": "avg"}),
    error("multilabel margin reduction", "multilabel_margin_loss", [x34, torch.zeros(3, 4, dtype=torch.long)], {"reduction": "avg"}),
    error("multilabel margin target size", "multilabel_margin_loss", [x34, torch.zeros(3, 3, dtype=torch.long)]),
    error("multilabel margin target range", "multilabel_margin_loss", [x34, torch.zeros(3, 4, dtype=torch.long) + 4]),
    error("multilabel margin 3-D", "multilabel_margin_loss", [randn(2, 3, 4, seed=1), torch.zeros(2, 3, 4, dtype=torch.long)]),
    error("multi margin p", "multi_margin_loss", [x34, torch.zeros(3, dtype=torch.long)], {"p": 3}),
    error("multi margin reduction", "multi_margin_loss", [x34, torch.zeros(3, dtype=torch.long)], {"reduction": "avg"}),
    error("multi margin target range", "multi_margin_loss", [x34, torch.zeros(3, dtype=torch.long) + 4]),
    error("multi margin target size", "multi_margin_loss", [x34, torch.zeros(2, dtype=torch.long)]),
    error("multi margin 3-D", "multi_margin_loss", [randn(2, 3, 4, seed=1), torch.zeros(2, dtype=torch.long)]),
    error("poisson reduction", "poisson_nll_loss", [x34, y34], {"reduction": "avg"}),
    error("gaussian reduction", "gaussian_nll_loss", [x34, y34, torch.ones(3, 4)], {"reduction": "avg"}),
    error("gaussian var size", "gaussian_nll_loss", [x34, y34, torch.ones(3, 2)]),
    error("gaussian var negative", "gaussian_nll_loss", [x34, y34, -torch.ones(3, 4)]),
]

# CTC: log_probs [T, N, C] from log_softmax; targets padded [N, S] or concatenated.
T, N, C = 7, 3, 5
lp = torch.log_softmax(randn(T, N, C, seed=80, scale=1.5), 2)
padded = long([[1, 2, 2, 3], [4, 1, 0, 0], [3, 3, 3, 1]])
ctc = [
    case("ctc padded", "ctc_loss", [lp, padded, [7, 6, 7], [3, 2, 4]], lengths_as="tensor"),
    case("ctc lists", "ctc_loss", [lp, padded, [5, 7, 7], [4, 1, 0]], lengths_as="list"),
    case("ctc concatenated", "ctc_loss", [lp, long([1, 2, 4, 4, 1, 3]), [7, 6, 7], [2, 1, 3]], lengths_as="tensor"),
    case("ctc blank 4", "ctc_loss", [lp, long([[0, 1, 0, 2], [3, 3, 0, 0], [2, 2, 1, 1]]), [7, 7, 6], [4, 2, 3]], {"blank": 4}, lengths_as="tensor"),
    case("ctc zero infinity", "ctc_loss", [lp, long([[1, 1, 1, 1], [2, 2, 0, 0], [3, 1, 2, 0]]), [7, 3, 2], [4, 2, 3]],
         {"zeroInfinity": True}, lengths_as="tensor"),
    case("ctc impossible alignment", "ctc_loss", [lp, long([[2, 2, 0, 0], [3, 1, 2, 0], [1, 1, 1, 1]]), [2, 3, 7], [2, 3, 4]],
         reductions=("none",), lengths_as="list"),
    case("ctc unbatched", "ctc_loss", [torch.log_softmax(randn(6, 4, seed=81), 1), long([1, 3, 3]), [6], [3]], lengths_as="tensor"),
    case("ctc float64", "ctc_loss", [torch.log_softmax(randn(5, 2, 3, seed=82, dtype=torch.float64), 2), long([[1, 2], [2, 0]]), [5, 4], [2, 1]],
         lengths_as="tensor"),
]
ctc_errors = [
    error("ctc reduction", "ctc_loss", [lp, padded, [7, 7, 7], [3, 2, 4]], {"reduction": "avg"}, lengths_as="tensor"),
    error("ctc input length", "ctc_loss", [lp, padded, [8, 7, 7], [3, 2, 4]], lengths_as="tensor"),
    error("ctc target length", "ctc_loss", [lp, padded, [7, 7, 7], [3, 5, 4]], lengths_as="tensor"),
    error("ctc input lengths size", "ctc_loss", [lp, padded, [7, 7], [3, 2, 4]], lengths_as="tensor"),
    error("ctc target lengths size", "ctc_loss", [lp, padded, [7, 7, 7], [3, 2]], lengths_as="tensor"),
    error("ctc blank range", "ctc_loss", [lp, padded, [7, 7, 7], [3, 2, 4]], {"blank": 5}, lengths_as="tensor"),
    error("ctc concatenated size", "ctc_loss", [lp, long([1, 2, 3]), [7, 7, 7], [1, 1, 2]], lengths_as="tensor"),
]

write("nn_losses_extra.json", {"cases": cases, "errors": errors, "ctc": ctc, "ctcErrors": ctc_errors})
