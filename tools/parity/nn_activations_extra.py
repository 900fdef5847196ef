#!/usr/bin/python3
"""Write packages/nn/test/fixtures/activations_extra.json with real PyTorch, for
packages/nn/test/activations-extra.test.ts.

Each case builds an activation module after torch.manual_seed(seed), prints it, runs forward on
a stored input (random values plus the exact kink points -3, -1, -0.5, 0, 0.5, 1, 3, 6 where
gradient rules differ), then backward with a stored upstream gradient. RReLU in training draws
its slopes from the default generator after manual_seed(seed), as torchlet does.
Errors and node names are recorded for the functional forms.

Run with Debian's PyTorch: /usr/bin/python3 tools/parity/nn_activations_extra.py
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from nn_common import gen, t2j, write

torch.set_num_threads(1)

KINKS = [-7.0, -6.0, -3.0, -2.0, -1.0, -0.5, -0.25, 0.0, 0.25, 0.5, 1.0, 2.0, 3.0, 6.0, 7.0, 0.1]


def randn(shape, seed, scale=1.0):
    return torch.randn(*shape, generator=gen(seed)) * scale


def with_kinks(shape, seed, scale=2.0):
    x = randn(shape, seed, scale).reshape(-1)
    k = torch.tensor(KINKS)[: x.numel()]
    x[: k.numel()] = k
    return x.reshape(shape)


def case(name, layer, args=(), kwargs=None, x=None, seed=0, train=True, dtype=torch.float32):
    kwargs = kwargs or {}
    torch.manual_seed(seed)
    mod = getattr(nn, layer)(*args, **kwargs)
    init_state = {k: t2j(v) for k, v in mod.state_dict().items()}
    mod.train(train)
    mod.to(dtype)
    x = x.to(dtype)
    xin = x.clone().requires_grad_()
    torch.manual_seed(seed)
    out = mod(xin)
    gout = randn(out.shape, 7).to(dtype)
    out.backward(gout)
    return {
        "name": name, "layer": layer, "args": list(args), "kwargs": kwargs, "seed": seed, "train": train,
        "repr": repr(mod), "init": init_state, "node": out.grad_fn.name(),
        "input": t2j(x), "output": t2j(out), "gout": t2j(gout), "inputGrad": t2j(xin.grad),
        "paramGrads": {k: t2j(p.grad) for k, p in mod.named_parameters() if p.grad is not None},
    }


def err(name, fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return {"name": name, "message": str(e).split("\n")[0]}
    raise AssertionError(name + " did not raise")


S = [4, 4]
cases = [
    case("CELU", "CELU", x=with_kinks(S, 1)),
    case("CELU alpha 2", "CELU", [2.0], x=with_kinks(S, 2)),
    case("SELU", "SELU", x=with_kinks(S, 3)),
    case("Hardswish", "Hardswish", x=with_kinks(S, 4)),
    case("Hardsigmoid", "Hardsigmoid", x=with_kinks(S, 5)),
    case("Hardtanh", "Hardtanh", x=with_kinks(S, 6)),
    case("Hardtanh -2 3", "Hardtanh", [-2.0, 3.0], x=with_kinks(S, 7)),
    case("ReLU6", "ReLU6", x=with_kinks(S, 8, 4.0)),
    case("PReLU", "PReLU", x=with_kinks(S, 9)),
    case("PReLU channels", "PReLU", [3, 0.1], x=randn([2, 3, 4], 10)),
    case("PReLU 2-D channels", "PReLU", [4], x=with_kinks(S, 11)),
    case("RReLU eval", "RReLU", x=with_kinks(S, 12), train=False),
    case("RReLU train", "RReLU", x=with_kinks(S, 13), seed=3),
    case("RReLU train bounds", "RReLU", [0.1, 0.6], x=randn([3, 5], 14), seed=4),
    case("RReLU train float64", "RReLU", x=randn([3, 5], 15), seed=5, dtype=torch.float64),
    case("Mish", "Mish", x=with_kinks(S, 16, 4.0)),
    case("Softsign", "Softsign", x=with_kinks(S, 17)),
    case("Softmin", "Softmin", [1], x=randn([3, 4], 18)),
    case("Softmin implicit dim", "Softmin", x=randn([2, 3, 4], 19)),
    case("Tanhshrink", "Tanhshrink", x=with_kinks(S, 20)),
    case("Softshrink", "Softshrink", x=with_kinks(S, 21)),
    case("Softshrink 1", "Softshrink", [1.0], x=with_kinks(S, 22)),
    case("Hardshrink", "Hardshrink", x=with_kinks(S, 23)),
    case("Hardshrink 1", "Hardshrink", [1.0], x=with_kinks(S, 24)),
    case("Threshold", "Threshold", [0.1, 20], x=with_kinks(S, 25)),
    case("GLU", "GLU", x=randn([3, 4], 26)),
    case("GLU dim 0", "GLU", [0], x=randn([4, 3], 27)),
    case("LogSigmoid", "LogSigmoid", x=with_kinks(S, 28, 10.0)),
    case("Softmax2d", "Softmax2d", x=randn([2, 3, 2, 2], 29)),
    case("Softmax2d 3-D", "Softmax2d", x=randn([3, 2, 2], 30)),
    case("SELU float64", "SELU", x=with_kinks(S, 31), dtype=torch.float64),
    case("Hardswish float64", "Hardswish", x=with_kinks(S, 32), dtype=torch.float64),
]

reprs = {
    "CELU(2.0, True)": repr(nn.CELU(2.0, True)), "SELU(True)": repr(nn.SELU(True)),
    "Hardswish(True)": repr(nn.Hardswish(True)), "Hardsigmoid(True)": repr(nn.Hardsigmoid(True)),
    "Hardtanh(-2.5, 3.5, True)": repr(nn.Hardtanh(-2.5, 3.5, True)), "ReLU6(True)": repr(nn.ReLU6(True)),
    "RReLU(0.1, 0.3, True)": repr(nn.RReLU(0.1, 0.3, True)), "Mish(True)": repr(nn.Mish(True)),
    "Threshold(0.1, 20, True)": repr(nn.Threshold(0.1, 20, True)), "Threshold(0.5, 2.5)": repr(nn.Threshold(0.5, 2.5)),
    "Softmin()": repr(nn.Softmin()), "GLU()": repr(nn.GLU()), "PReLU(5)": repr(nn.PReLU(5)),
}

x23 = torch.randn(2, 3)
errors = [
    err("celu alpha 0", lambda: F.celu(x23, 0.0)),
    err("celu int", lambda: F.celu(torch.tensor([1, 2]))),
    err("selu int", lambda: F.selu(torch.tensor([1, 2]))),
    err("hardswish int", lambda: F.hardswish(torch.tensor([1, 2]))),
    err("hardsigmoid int", lambda: F.hardsigmoid(torch.tensor([1, 2]))),
    err("mish int", lambda: F.mish(torch.tensor([1, 2]))),
    err("softshrink negative", lambda: F.softshrink(x23, -1.0)),
    err("softshrink int", lambda: F.softshrink(torch.tensor([1, 2]))),
    err("hardshrink int", lambda: F.hardshrink(torch.tensor([1, 2]))),
    err("logsigmoid int", lambda: F.logsigmoid(torch.tensor([1, 2]))),
    err("glu odd", lambda: F.glu(x23)),
    err("glu scalar", lambda: F.glu(torch.tensor(1.0))),
    err("glu dim", lambda: F.glu(x23, 3)),
    err("prelu mismatch", lambda: F.prelu(x23, torch.ones(2))),
    err("prelu weight 2-D", lambda: F.prelu(x23, torch.ones(1, 3))),
    err("prelu 1-D input", lambda: F.prelu(torch.randn(3), torch.ones(3))),
    err("prelu 0-d input", lambda: F.prelu(torch.tensor(1.0), torch.ones(2))),
    err("rrelu bounds", lambda: F.rrelu(x23, 0.5, 0.2)),
    err("rrelu bounds train", lambda: F.rrelu(x23, 0.5, 0.2, True)),
    err("rrelu int", lambda: F.rrelu(torch.tensor([1, 2]))),
    err("softmax2d 2-D", lambda: nn.Softmax2d()(x23)),
    err("inplace leaf", lambda: F.hardtanh(torch.randn(2, requires_grad=True), inplace=True)),
]

write("activations_extra.json", {"cases": cases, "reprs": reprs, "errors": errors})
