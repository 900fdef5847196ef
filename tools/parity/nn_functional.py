#!/usr/bin/python3
"""Write packages/nn/test/fixtures/functional.json with real PyTorch, for packages/nn/test/functional.test.ts.

Functional ops not covered through a layer (pad, normalize, one_hot, unfold/fold, dropout after
manual_seed, a few activations), nn.utils (clip_grad_norm_, clip_grad_value_,
parameters_to_vector), and PyTorch's error messages for bad layer inputs. Each op case stores its
inputs, options (camelCased by the test), output, and for float inputs the input gradient for a
stored upstream gradient.

Run with Debian's PyTorch: /usr/bin/python3 tools/parity/nn_functional.py
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from nn_common import gen, t2j, write

torch.set_num_threads(1)


def randn(*shape, seed, scale=1.0):
    return torch.randn(*shape, generator=gen(seed)) * scale


def op(name, fn, x, args=(), kwargs=None, call=None):
    kwargs = kwargs or {}
    xi = x.clone().requires_grad_(x.is_floating_point())
    y = call(xi) if call else getattr(F, fn)(xi, *args, **kwargs)
    case = {"name": name, "fn": fn, "input": t2j(x), "args": list(args), "kwargs": kwargs, "output": t2j(y)}
    if x.is_floating_point():
        gout = randn(*y.shape, seed=77)
        y.backward(gout)
        case["gout"] = t2j(gout)
        case["inputGrad"] = t2j(xi.grad)
    return case


def err(name, thunk):
    try:
        thunk()
    except Exception as e:  # noqa: BLE001 - PyTorch's message is the fixture
        return {"name": name, "message": str(e).split("\n")[0]}
    raise AssertionError(name)


ops = [
    op("pad constant", "pad", randn(2, 3, seed=1), [[1, 2]]),
    op("pad constant value 2-D", "pad", randn(1, 2, 3, seed=2), [[1, 0, 2, 1]], {"value": 1.5}),
    op("pad negative crops", "pad", randn(2, 5, seed=3), [[-1, 2]]),
    op("pad reflect 1-D", "pad", randn(1, 2, 5, seed=4), [[2, 3]], {"mode": "reflect"}),
    op("pad reflect 2-D", "pad", randn(1, 1, 4, 5, seed=5), [[1, 2, 3, 1]], {"mode": "reflect"}),
    op("pad replicate", "pad", randn(2, 3, 3, seed=6), [[2, 1, 0, 3]], {"mode": "replicate"}),
    op("pad circular", "pad", randn(1, 2, 3, 4, seed=7), [[1, 3, 2, 1]], {"mode": "circular"}),
    op("normalize", "normalize", randn(3, 4, seed=8)),
    op("normalize p1 dim0", "normalize", randn(3, 4, seed=9), kwargs={"p": 1.0, "dim": 0}),
    op("normalize zero row", "normalize", torch.tensor([[0.0, 0.0], [3.0, 4.0]])),
    op("one_hot", "one_hot", torch.tensor([0, 2, 1, 2])),
    op("one_hot classes 2-D", "one_hot", torch.tensor([[0, 1], [3, 0]]), [5]),
    op("unfold", "unfold", randn(2, 2, 4, 5, seed=10), [[2, 3]], {"padding": 1, "stride": [1, 2]}),
    op("unfold dilation", "unfold", randn(1, 3, 5, 5, seed=11), [2], {"dilation": 2}),
    op("fold", "fold", randn(2, 8, 6, seed=12), [[3, 4], 2]),
    op("fold strided padded", "fold", randn(1, 4, 9, seed=13), [[4, 5], 2], {"padding": 1, "stride": 2}),
    op("relu6", "relu6", randn(3, 4, seed=14, scale=5.0)),
    op("hardtanh", "hardtanh", randn(3, 4, seed=15, scale=2.0), [-0.5, 1.5]),
    op("logsigmoid", "logsigmoid", randn(3, 4, seed=16, scale=4.0)),
    op("softmin", "softmin", randn(3, 4, seed=17), [1]),
]

torch.manual_seed(21)
drop_in = randn(4, 6, seed=18)
drop = F.dropout(drop_in, 0.4, training=True)
torch.manual_seed(22)
drop64_in = randn(17, seed=19).double()
drop64 = F.dropout(drop64_in, 0.25)

params = [torch.nn.Parameter(randn(3, 2, seed=20)), torch.nn.Parameter(randn(4, seed=21)), torch.nn.Parameter(randn(2, seed=22))]
grads = [randn(3, 2, seed=23, scale=3.0), randn(4, seed=24), None]


def clipped(norm_type, max_norm):
    ps = [p.detach().clone().requires_grad_() for p in params]
    for p, g in zip(ps, grads):
        p.grad = None if g is None else g.clone()
    total = nn.utils.clip_grad_norm_(ps, max_norm, norm_type)
    return {"normType": "inf" if norm_type == float("inf") else norm_type, "maxNorm": max_norm, "total": t2j(total), "grads": [t2j(p.grad) if p.grad is not None else None for p in ps]}


clip_value = [p.detach().clone() for p in params]
for p, g in zip(clip_value, grads):
    p.grad = None if g is None else g.clone()
nn.utils.clip_grad_value_(clip_value, 0.7)

errors = [
    err("linear shapes", lambda: nn.Linear(5, 3)(torch.randn(6, 2))),
    err("linear dtype", lambda: nn.Linear(5, 3)(torch.randn(6, 5).double())),
    err("conv channels", lambda: nn.Conv2d(3, 4, 3)(torch.randn(1, 2, 5, 5))),
    err("conv input rank", lambda: F.conv2d(torch.randn(2, 3), torch.randn(4, 3, 3, 3))),
    err("conv kernel too big", lambda: nn.Conv2d(3, 4, 3)(torch.randn(1, 3, 2, 2))),
    err("conv weight rank", lambda: F.conv1d(torch.randn(1, 3, 5), torch.randn(4, 3, 3, 3))),
    err("conv same strided", lambda: F.conv2d(torch.randn(1, 3, 5, 5), torch.randn(4, 3, 3, 3), stride=2, padding="same")),
    err("conv bias size", lambda: F.conv2d(torch.randn(1, 3, 5, 5), torch.randn(4, 3, 3, 3), torch.randn(3))),
    err("conv groups", lambda: nn.Conv2d(3, 4, 3, groups=2)),
    err("pool pad", lambda: F.max_pool2d(torch.randn(1, 3, 5, 5), 2, padding=2)),
    err("pool too small", lambda: F.max_pool2d(torch.randn(1, 3, 1, 1), 2)),
    err("pool rank", lambda: F.max_pool2d(torch.randn(3, 5), 2)),
    err("adaptive rank", lambda: F.adaptive_avg_pool2d(torch.randn(5, 5), 2)),
    err("embedding index", lambda: F.embedding(torch.tensor([5]), torch.randn(5, 3))),
    err("embedding padding_idx", lambda: nn.Embedding(5, 3, padding_idx=5)),
    err("batchnorm one value", lambda: F.batch_norm(torch.randn(1, 3), torch.zeros(3), torch.ones(3), training=True)),
    err("batchnorm1d rank", lambda: nn.BatchNorm1d(3)(torch.randn(2, 3, 4, 5))),
    err("batchnorm2d rank", lambda: nn.BatchNorm2d(3)(torch.randn(2, 3, 4))),
    err("batchnorm size", lambda: nn.BatchNorm1d(3)(torch.randn(2, 4))),
    err("layernorm shape", lambda: F.layer_norm(torch.randn(2, 3), [4])),
    err("groupnorm divisible", lambda: F.group_norm(torch.randn(2, 6, 4), 4)),
    err("groupnorm module", lambda: nn.GroupNorm(4, 6)),
    err("dropout p", lambda: F.dropout(torch.randn(3), 1.5)),
    err("one_hot negative", lambda: F.one_hot(torch.tensor([0, -1]), 3)),
    err("one_hot too big", lambda: F.one_hot(torch.tensor([0, 3]), 3)),
    err("one_hot float", lambda: F.one_hot(torch.tensor([0.0, 1.0]), 3)),
    err("pad odd", lambda: F.pad(torch.randn(2, 3), (1,))),
    err("pad too long", lambda: F.pad(torch.randn(2, 3), (1, 1, 1, 1, 1, 1))),
    err("pad reflect size", lambda: F.pad(torch.randn(1, 2, 3), (4, 4), mode="reflect")),
    err("pad circular wrap", lambda: F.pad(torch.randn(1, 2, 3), (4, 4), mode="circular")),
    err("bilinear size", lambda: F.bilinear(torch.randn(2, 3), torch.randn(2, 4), torch.randn(5, 3, 3))),
]

write("functional.json", {
    "ops": ops,
    "dropout": {"seed": 21, "p": 0.4, "input": t2j(drop_in), "output": t2j(drop),
                "seed64": 22, "p64": 0.25, "input64": t2j(drop64_in), "output64": t2j(drop64)},
    "clip": {"params": [t2j(p) for p in params], "grads": [t2j(g) if g is not None else None for g in grads],
             "norm": [clipped(2.0, 1.0), clipped(1.0, 0.5), clipped(float("inf"), 0.9), clipped(2.0, 100.0)],
             "value": {"clipValue": 0.7, "grads": [t2j(p.grad) if p.grad is not None else None for p in clip_value]},
             "vector": t2j(nn.utils.parameters_to_vector(params))},
    "errors": errors,
})
