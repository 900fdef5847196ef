#!/usr/bin/python3
"""Write packages/nn/test/fixtures/layers.json with real PyTorch, for packages/nn/test/layers.test.ts.

Every case builds a layer right after torch.manual_seed(seed) (so its default initialisation is
checked bit for bit), prints it (repr), runs forward on stored inputs, then backward with a
stored upstream gradient: output, input gradients and parameter gradients are stored. Layers with
running state (BatchNorm) also store their buffers after the training forwards and an eval-mode
output. Arguments are written the way torchlet's constructors take them: `args` positional,
`kwargs` as the options object (snake_case here, camelCased by the test).

Run with Debian's PyTorch: /usr/bin/python3 tools/parity/nn_layers.py
"""
import torch
import torch.nn as nn

from nn_common import gen, t2j, write

torch.set_num_threads(1)


def randn(shape, seed, scale=1.0):
    return torch.randn(*shape, generator=gen(seed)) * scale


def case(name, layer, args=(), kwargs=None, inputs=(), seed=0, train=True, forwards=1, eval_after=False, ctor=None):
    kwargs = kwargs or {}
    torch.manual_seed(seed)
    mod = ctor() if ctor else getattr(nn, layer)(*args, **kwargs)
    init_state = {k: t2j(v) for k, v in mod.state_dict().items()}
    mod.train(train)
    ins = [x.clone().requires_grad_(x.is_floating_point()) for x in inputs]
    outs = []
    for _ in range(forwards):
        outs.append(mod(*ins))
    out = outs[-1]
    gout = randn(out.shape, 7)
    out.backward(gout)
    result = {
        "name": name, "layer": layer, "args": list(args), "kwargs": kwargs, "seed": seed, "train": train,
        "forwards": forwards, "repr": repr(mod), "init": init_state,
        "inputs": [t2j(x) for x in inputs], "output": t2j(out), "gout": t2j(gout),
        "inputGrads": [t2j(x.grad) if x.grad is not None else None for x in ins],
        "paramGrads": {k: t2j(p.grad) for k, p in mod.named_parameters() if p.grad is not None},
        "after": {k: t2j(v) for k, v in mod.state_dict().items()},
    }
    if eval_after:
        mod.eval()
        with torch.no_grad():
            result["evalOutput"] = t2j(mod(*[x.detach() for x in ins]))
    return result


def ints(shape, hi, seed):
    return torch.randint(0, hi, shape, generator=gen(seed))


cases = [
    case("Linear", "Linear", [2, 5], inputs=[randn([6, 2], 1)]),
    case("Linear no bias", "Linear", [4, 3], {"bias": False}, inputs=[randn([5, 4], 2)], seed=1),
    case("Linear 3-D input", "Linear", [3, 2], inputs=[randn([2, 4, 3], 3)], seed=2),
    case("Linear 1-D input", "Linear", [3, 2], inputs=[randn([3], 4)], seed=3),
    case("Bilinear", "Bilinear", [3, 4, 2], inputs=[randn([5, 3], 5), randn([5, 4], 6)], seed=4),
    case("Identity", "Identity", inputs=[randn([2, 3], 8)]),
    case("Flatten", "Flatten", inputs=[randn([2, 3, 2, 2], 9)]),
    case("Flatten 0..-2", "Flatten", [0, -2], inputs=[randn([2, 3, 4], 10)]),
    case("Unflatten", "Unflatten", [1, (2, 3)], inputs=[randn([2, 6], 11)]),
    case("ReLU", "ReLU", inputs=[randn([3, 4], 12)]),
    case("LeakyReLU", "LeakyReLU", [0.2], inputs=[randn([3, 4], 13)]),
    case("ELU", "ELU", [0.5], inputs=[randn([3, 4], 14)]),
    case("GELU", "GELU", inputs=[randn([3, 4], 15, 2.0)]),
    case("GELU tanh", "GELU", [], {"approximate": "tanh"}, inputs=[randn([3, 4], 16, 2.0)]),
    case("SiLU", "SiLU", inputs=[randn([3, 4], 17)]),
    case("Sigmoid", "Sigmoid", inputs=[randn([3, 4], 18)]),
    case("Tanh", "Tanh", inputs=[randn([3, 4], 19)]),
    case("Softplus", "Softplus", [], {"beta": 2, "threshold": 1}, inputs=[randn([3, 4], 20)]),
    case("Softmax", "Softmax", [1], inputs=[randn([3, 4], 21)]),
    case("Softmax dim0", "Softmax", [0], inputs=[randn([3, 4], 22)]),
    case("LogSoftmax", "LogSoftmax", [1], inputs=[randn([3, 4], 23)]),
    case("Dropout eval", "Dropout", [0.3], inputs=[randn([4, 5], 24)], train=False),
    case("Dropout train", "Dropout", [0.3], inputs=[randn([4, 5], 25)], seed=5),
    case("BatchNorm1d", "BatchNorm1d", [3], inputs=[randn([6, 3], 26, 2.0)], eval_after=True),
    case("BatchNorm1d 3-D", "BatchNorm1d", [3], inputs=[randn([4, 3, 5], 27)], eval_after=True),
    case("BatchNorm1d no affine", "BatchNorm1d", [3], {"affine": False, "momentum": 0.3}, inputs=[randn([5, 3], 28)], eval_after=True),
    case("BatchNorm1d cumulative", "BatchNorm1d", [3], {"momentum": None}, inputs=[randn([5, 3], 29)], forwards=3, eval_after=True),
    case("BatchNorm1d untracked", "BatchNorm1d", [3], {"track_running_stats": False}, inputs=[randn([5, 3], 30)], eval_after=True),
    case("BatchNorm1d eval", "BatchNorm1d", [3], inputs=[randn([5, 3], 31)], train=False),
    case("BatchNorm2d", "BatchNorm2d", [2], {"eps": 1e-3}, inputs=[randn([3, 2, 4, 4], 32)], forwards=2, eval_after=True),
    case("LayerNorm", "LayerNorm", [4], inputs=[randn([3, 4], 33, 3.0)]),
    case("LayerNorm 2 dims", "LayerNorm", [(3, 4)], inputs=[randn([2, 3, 4], 34)]),
    case("LayerNorm no affine", "LayerNorm", [4], {"elementwise_affine": False, "eps": 1e-3}, inputs=[randn([2, 5, 4], 35)]),
    case("GroupNorm", "GroupNorm", [2, 4], inputs=[randn([3, 4, 5], 36)]),
    case("GroupNorm 2-D", "GroupNorm", [3, 6], {"eps": 1e-3}, inputs=[randn([2, 6, 2, 3], 37)]),
    case("GroupNorm no affine", "GroupNorm", [1, 3], {"affine": False}, inputs=[randn([2, 3, 4], 38)]),
    case("Embedding", "Embedding", [10, 3], inputs=[torch.tensor([[1, 2, 4, 5], [4, 3, 2, 9]])], seed=6),
    case("Embedding padding_idx", "Embedding", [10, 3], {"padding_idx": 0}, inputs=[torch.tensor([[0, 2, 0, 5], [4, 3, 2, 0]])], seed=7),
    case("Embedding negative padding_idx", "Embedding", [6, 2], {"padding_idx": -1}, inputs=[torch.tensor([5, 1, 5, 2])], seed=8),
    case("Conv1d", "Conv1d", [2, 3, 3], inputs=[randn([2, 2, 7], 40)], seed=9),
    case("Conv1d strided groups", "Conv1d", [2, 4, 3], {"stride": 2, "padding": 1, "groups": 2}, inputs=[randn([2, 2, 8], 41)], seed=10),
    case("Conv1d same dilated", "Conv1d", [3, 2, 3], {"padding": "same", "dilation": 2, "bias": False}, inputs=[randn([1, 3, 9], 42)], seed=11),
    case("Conv1d unbatched", "Conv1d", [2, 2, 2], inputs=[randn([2, 5], 43)], seed=12),
    case("Conv2d", "Conv2d", [2, 4, 3], inputs=[randn([2, 2, 5, 5], 44)], seed=13),
    case("Conv2d stride padding", "Conv2d", [2, 4, 3], {"stride": 2, "padding": 1}, inputs=[randn([2, 2, 7, 6], 45)], seed=14),
    case("Conv2d groups dilation same", "Conv2d", [4, 4, 3], {"groups": 2, "dilation": 2, "padding": "same"}, inputs=[randn([1, 4, 7, 7], 46)], seed=15),
    case("Conv2d rect kernel no bias", "Conv2d", [2, 3, [2, 3]], {"bias": False, "padding": [1, 0], "stride": [1, 2]}, inputs=[randn([2, 2, 5, 7], 47)], seed=16),
    case("Conv2d even kernel same", "Conv2d", [2, 2, 4], {"padding": "same"}, inputs=[randn([1, 2, 6, 5], 48)], seed=17),
    case("Conv2d valid", "Conv2d", [1, 2, 2], {"padding": "valid"}, inputs=[randn([1, 1, 4, 4], 49)], seed=18),
    case("Conv2d reflect", "Conv2d", [2, 2, 3], {"padding": 1, "padding_mode": "reflect"}, inputs=[randn([1, 2, 5, 5], 50)], seed=19),
    case("Conv2d circular", "Conv2d", [2, 2, 3], {"padding": [1, 2], "padding_mode": "circular"}, inputs=[randn([1, 2, 5, 5], 51)], seed=20),
    case("Conv2d replicate", "Conv2d", [1, 2, 3], {"padding": 2, "padding_mode": "replicate"}, inputs=[randn([1, 1, 4, 4], 52)], seed=21),
    case("Conv2d unbatched", "Conv2d", [2, 3, 2], inputs=[randn([2, 4, 4], 53)], seed=22),
    case("MaxPool2d", "MaxPool2d", [2], inputs=[randn([2, 2, 4, 6], 54)]),
    case("MaxPool2d stride padding", "MaxPool2d", [3], {"stride": 2, "padding": 1}, inputs=[randn([1, 2, 7, 6], 55)]),
    case("MaxPool2d ceil", "MaxPool2d", [2], {"ceil_mode": True}, inputs=[randn([1, 1, 5, 7], 56)]),
    case("MaxPool2d dilation", "MaxPool2d", [2], {"stride": 1, "dilation": 2}, inputs=[randn([1, 2, 5, 5], 57)]),
    case("MaxPool2d ties", "MaxPool2d", [2], inputs=[torch.tensor([[[[1., 1., 2., 0.], [0., 1., 2., 2.], [3., 3., 0., 0.], [3., 3., 0., 0.]]]])]),
    case("MaxPool2d unbatched", "MaxPool2d", [(2, 3)], inputs=[randn([2, 4, 6], 58)]),
    case("AvgPool2d", "AvgPool2d", [2], inputs=[randn([2, 2, 4, 6], 59)]),
    case("AvgPool2d stride padding", "AvgPool2d", [3], {"stride": 2, "padding": 1}, inputs=[randn([1, 2, 7, 6], 60)]),
    case("AvgPool2d exclude pad", "AvgPool2d", [3], {"stride": 2, "padding": 1, "count_include_pad": False}, inputs=[randn([1, 2, 7, 6], 61)]),
    case("AvgPool2d ceil", "AvgPool2d", [2], {"ceil_mode": True, "padding": 1}, inputs=[randn([1, 1, 5, 6], 62)]),
    case("AvgPool2d divisor", "AvgPool2d", [2], {"divisor_override": 3}, inputs=[randn([1, 1, 4, 4], 63)]),
    case("AdaptiveAvgPool2d 1", "AdaptiveAvgPool2d", [1], inputs=[randn([2, 3, 4, 5], 64)]),
    case("AdaptiveAvgPool2d 3x2", "AdaptiveAvgPool2d", [(3, 2)], inputs=[randn([1, 2, 7, 5], 65)]),
    case("AdaptiveAvgPool2d None", "AdaptiveAvgPool2d", [(None, 2)], inputs=[randn([2, 3, 5], 66)]),
    case("Sequential", "Sequential", inputs=[randn([4, 2], 67)], seed=23,
         ctor=lambda: nn.Sequential(nn.Linear(2, 5), nn.ReLU(), nn.Linear(5, 3))),
]

write("layers.json", {"cases": cases})
