#!/usr/bin/python3
"""Write packages/nn/test/fixtures/distance_modules.json with real PyTorch, for
packages/nn/test/distance-modules.test.ts: nn.CosineSimilarity / nn.PairwiseDistance module
forms (repr, forward, both inputs' gradients), including broadcast and non-default arguments.

Run with Debian's PyTorch: /usr/bin/python3 tools/parity/nn_distance_modules.py
"""
import torch
import torch.nn as nn

from nn_common import gen, t2j, write

torch.set_num_threads(1)


def randn(shape, seed):
    return torch.randn(*shape, generator=gen(seed))


def case(name, layer, args, a, b):
    mod = getattr(nn, layer)(*args)
    x1, x2 = a.clone().requires_grad_(), b.clone().requires_grad_()
    out = mod(x1, x2)
    gout = randn(out.shape, 7)
    out.backward(gout)
    return {"name": name, "layer": layer, "args": list(args), "repr": repr(mod), "x1": t2j(a), "x2": t2j(b),
            "output": t2j(out), "gout": t2j(gout), "g1": t2j(x1.grad), "g2": t2j(x2.grad)}


cases = [
    case("CosineSimilarity", "CosineSimilarity", [], randn([4, 5], 1), randn([4, 5], 2)),
    case("CosineSimilarity dim 0 broadcast", "CosineSimilarity", [0, 1e-6], randn([3, 4], 3), randn([3, 1], 4)),
    case("PairwiseDistance", "PairwiseDistance", [], randn([4, 5], 5), randn([4, 5], 6)),
    case("PairwiseDistance p1 keepdim", "PairwiseDistance", [1.0, 1e-3, True], randn([2, 3, 4], 8), randn([4], 9)),
]
write("distance_modules.json", {"cases": cases})
