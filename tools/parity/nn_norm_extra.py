#!/usr/bin/python3
"""Write packages/nn/test/fixtures/norm_extra.json with real PyTorch, for packages/nn/test/norm-extra.test.ts.

Cases as tools/parity/nn_layers.py: a module built after torch.manual_seed(seed), its repr and
state dict, forward passes (the seed set again right before the first, so dropout masks are
drawn from the same generator state), backward with a stored upstream gradient, buffers after,
and an eval-mode output.

torch 1.13 has no nn.RMSNorm: the truth for it is composed here from PyTorch 2.4's definition
(aten rms_norm: input * rsqrt(mean(input^2 over the normalized dims) + eps) * weight, eps None
meaning torch.finfo(dtype).eps; repr `RMSNorm((4,), eps=None, elementwise_affine=True)`).

Run with Debian's PyTorch: /usr/bin/python3 tools/parity/nn_norm_extra.py
"""
import warnings

import torch
import torch.nn as nn

from nn_common import gen, t2j, write

torch.set_num_threads(1)
warnings.filterwarnings("ignore")


class RMSNorm(nn.Module):
    """PyTorch 2.4's nn.RMSNorm, composed from 1.13 ops."""

    def __init__(self, normalized_shape, eps=None, elementwise_affine=True):
        super().__init__()
        if isinstance(normalized_shape, int):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        if elementwise_affine:
            self.weight = nn.Parameter(torch.ones(self.normalized_shape))
        else:
            self.register_parameter("weight", None)

    def forward(self, x):
        dims = [-(i + 1) for i in range(len(self.normalized_shape))]
        eps = self.eps if self.eps is not None else torch.finfo(x.dtype).eps
        y = x * torch.rsqrt(x.pow(2).mean(dims, keepdim=True) + eps)
        return y * self.weight if self.weight is not None else y

    def extra_repr(self):
        return "{normalized_shape}, eps={eps}, elementwise_affine={elementwise_affine}".format(**self.__dict__)


def randn(shape, seed, scale=1.0):
    return torch.randn(*shape, generator=gen(seed)) * scale


def case(name, layer, args=(), kwargs=None, x=None, seed=0, train=True, forwards=1, eval_after=False):
    kwargs = kwargs or {}
    torch.manual_seed(seed)
    mod = RMSNorm(*args, **kwargs) if layer == "RMSNorm" else getattr(nn, layer)(*args, **kwargs)
    init_state = {k: t2j(v) for k, v in mod.state_dict().items()}
    mod.train(train)
    xin = x.clone().requires_grad_()
    torch.manual_seed(seed)
    for _ in range(forwards):
        out = mod(xin)
    gout = randn(out.shape, 7)
    out.backward(gout)
    result = {
        "name": name, "layer": layer, "args": list(args), "kwargs": kwargs, "seed": seed, "train": train,
        "forwards": forwards, "repr": repr(mod), "init": init_state, "node": out.grad_fn.name() if out.grad_fn else None,
        "input": t2j(x), "output": t2j(out), "gout": t2j(gout), "inputGrad": t2j(xin.grad),
        "paramGrads": {k: t2j(p.grad) for k, p in mod.named_parameters() if p.grad is not None},
        "after": {k: t2j(v) for k, v in mod.state_dict().items()},
    }
    if eval_after:
        mod.eval()
        with torch.no_grad():
            result["evalOutput"] = t2j(mod(x))
    return result


cases = [
    case("InstanceNorm1d", "InstanceNorm1d", [3], x=randn([2, 3, 5], 1)),
    case("InstanceNorm1d affine tracked", "InstanceNorm1d", [3], {"affine": True, "track_running_stats": True},
         x=randn([2, 3, 5], 2, 2.0), seed=1, forwards=2, eval_after=True),
    case("InstanceNorm1d unbatched", "InstanceNorm1d", [3], {"eps": 1e-3}, x=randn([3, 4], 3)),
    case("InstanceNorm2d", "InstanceNorm2d", [2], {"affine": True}, x=randn([2, 2, 3, 3], 4), seed=2),
    case("InstanceNorm2d tracked momentum", "InstanceNorm2d", [2], {"track_running_stats": True, "momentum": 0.3},
         x=randn([3, 2, 2, 3], 5), forwards=2, eval_after=True),
    case("InstanceNorm2d eval untracked", "InstanceNorm2d", [2], x=randn([1, 2, 3, 3], 6), train=False),
    case("InstanceNorm3d", "InstanceNorm3d", [2], {"affine": True, "track_running_stats": True},
         x=randn([2, 2, 2, 2, 3], 7), seed=3, eval_after=True),
    case("InstanceNorm3d unbatched", "InstanceNorm3d", [2], x=randn([2, 2, 3, 2], 8)),
    case("BatchNorm3d", "BatchNorm3d", [2], x=randn([2, 2, 2, 3, 2], 9), forwards=2, eval_after=True),
    case("LocalResponseNorm", "LocalResponseNorm", [2], x=randn([2, 5, 3], 10, 3.0)),
    case("LocalResponseNorm 4-D", "LocalResponseNorm", [3, 0.01, 0.5, 2.0], x=randn([2, 6, 2, 3], 11, 3.0)),
    case("LocalResponseNorm 5-D size 4", "LocalResponseNorm", [4, 0.1, 0.9, 1.5], x=randn([1, 5, 2, 2, 2], 12, 2.0)),
    case("RMSNorm", "RMSNorm", [4], x=randn([3, 4], 13)),
    case("RMSNorm 2 dims eps", "RMSNorm", [[2, 3]], {"eps": 1e-6}, x=randn([2, 2, 3], 14)),
    case("RMSNorm no affine", "RMSNorm", [5], {"elementwise_affine": False, "eps": 0.1}, x=randn([2, 5], 15)),
    case("Dropout1d", "Dropout1d", [0.4], x=randn([3, 5, 4], 16), seed=4),
    case("Dropout1d unbatched", "Dropout1d", [0.5], x=randn([6, 3], 17), seed=5),
    case("Dropout2d", "Dropout2d", [0.3], x=randn([2, 5, 3, 2], 18), seed=6),
    case("Dropout2d 3-D", "Dropout2d", [0.5], x=randn([3, 4, 2], 19), seed=7),
    case("Dropout3d", "Dropout3d", [0.5], x=randn([2, 4, 2, 2, 2], 20), seed=8),
    case("Dropout3d unbatched", "Dropout3d", [0.25], x=randn([5, 2, 1, 2], 21), seed=9),
    case("Dropout2d eval", "Dropout2d", [0.3], x=randn([2, 3, 2, 2], 22), train=False),
    case("AlphaDropout", "AlphaDropout", [0.2], x=randn([4, 6], 23), seed=10),
    case("AlphaDropout eval", "AlphaDropout", [0.2], x=randn([4, 6], 24), train=False),
    case("FeatureAlphaDropout", "FeatureAlphaDropout", [0.5], x=randn([3, 4, 2, 2], 25), seed=11),
]

float64 = {}
torch.manual_seed(12)
x64 = randn([4, 5], 26).double()
float64["alphaDropout"] = {"seed": 12, "p": 0.3, "input": t2j(x64), "output": t2j(nn.functional.alpha_dropout(x64, 0.3, True))}
torch.manual_seed(13)
x64 = randn([3, 4, 2], 27).double()
float64["dropout2d"] = {"seed": 13, "p": 0.6, "input": t2j(x64), "output": t2j(nn.functional.dropout2d(x64, 0.6, True))}


def err(name, fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return {"name": name, "message": str(e).split("\n")[0]}
    raise AssertionError(name + " did not raise")


F = nn.functional
errors = [
    err("instance spatial 1", lambda: nn.InstanceNorm1d(3)(torch.randn(2, 3, 1))),
    err("instance1d 4-D", lambda: nn.InstanceNorm1d(3)(torch.randn(2, 3, 4, 5))),
    err("instance2d 2-D", lambda: nn.InstanceNorm2d(3)(torch.randn(2, 3))),
    err("instance weight size", lambda: nn.InstanceNorm1d(4, affine=True)(torch.randn(2, 3, 5))),
    err("batchnorm3d 4-D", lambda: nn.BatchNorm3d(3)(torch.randn(2, 3, 4, 4))),
    err("lrn 2-D", lambda: F.local_response_norm(torch.randn(2, 3), 2)),
    err("dropout1d 4-D", lambda: F.dropout1d(torch.randn(2, 3, 4, 5))),
    err("dropout1d p", lambda: F.dropout1d(torch.randn(2, 3), 1.5)),
    err("feature alpha 1-D", lambda: F.feature_alpha_dropout(torch.randn(2), 0.5, True)),
    err("alpha p", lambda: F.alpha_dropout(torch.randn(2), 1.5, True)),
    err("Dropout2d p", lambda: nn.Dropout2d(1.5)),
    err("AlphaDropout p", lambda: nn.AlphaDropout(-0.1)),
]

write("norm_extra.json", {"cases": cases, "float64": float64, "errors": errors})
