#!/usr/bin/python3
"""Write packages/nn/test/fixtures/module.json with real PyTorch, for packages/nn/test/module.test.ts.

Models mirrored in the test (same layers, same assignment order): their print(model) text, the
order of named_parameters / named_buffers / named_modules / state_dict keys, and
load_state_dict's messages for missing, unexpected and mis-shaped keys.

Run with Debian's PyTorch: /usr/bin/python3 tools/parity/nn_module.py
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from nn_common import write


class ModelWithHiddenLayer(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super().__init__()
        self.linear1 = nn.Linear(input_size, hidden_size)
        self.linear2 = nn.Linear(hidden_size, output_size)

    def forward(self, x):
        return self.linear2(F.relu(self.linear1(x)))


class Net(nn.Module):
    """Nested containers, buffers, a custom parameter and a non-persistent buffer."""

    def __init__(self):
        super().__init__()
        self.scale = nn.Parameter(torch.ones(3))
        self.features = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2))
        self.register_buffer("step", torch.zeros(1))
        self.register_buffer("cache", torch.zeros(2), persistent=False)
        self.heads = nn.ModuleDict({"cls": nn.Linear(16, 3), "aux": nn.Sequential(nn.Dropout(0.1), nn.Linear(16, 2, bias=False))})
        self.blocks = nn.ModuleList([nn.LayerNorm(16), nn.GELU(approximate="tanh")])
        self.embed = nn.Embedding(5, 2, padding_idx=0)


def describe(model):
    return {
        "repr": repr(model),
        "parameters": [[k, list(p.shape)] for k, p in model.named_parameters()],
        "buffers": [[k, list(b.shape)] for k, b in model.named_buffers()],
        "modules": [k for k, _ in model.named_modules()],
        "children": [k for k, _ in model.named_children()],
        "stateDict": list(model.state_dict().keys()),
    }


def load_error(model, state):
    try:
        model.load_state_dict(state)
    except RuntimeError as e:
        return str(e)
    raise AssertionError("no error")


torch.manual_seed(0)
tutorial = ModelWithHiddenLayer(2, 5, 3)
net = Net()
seq = nn.Sequential(nn.Linear(2, 5), nn.ReLU(), nn.Linear(5, 3))

good = tutorial.state_dict()
missing = {k: v for k, v in good.items() if k != "linear2.bias"}
unexpected = dict(good, **{"linear3.weight": torch.zeros(1), "linear1.extra": torch.zeros(1)})
mismatch = dict(good, **{"linear1.weight": torch.zeros(5, 3)})
everything = dict(mismatch, **{"foo": torch.zeros(1)})
del everything["linear1.bias"]

relaxed = tutorial.load_state_dict(dict(missing, foo=torch.zeros(1)), strict=False)

write("module.json", {
    "tutorial": describe(tutorial),
    "net": describe(net),
    "sequential": describe(seq),
    "errors": {
        "missing": load_error(ModelWithHiddenLayer(2, 5, 3), missing),
        "unexpected": load_error(ModelWithHiddenLayer(2, 5, 3), unexpected),
        "mismatch": load_error(ModelWithHiddenLayer(2, 5, 3), mismatch),
        "everything": load_error(ModelWithHiddenLayer(2, 5, 3), everything),
    },
    "relaxed": {"missingKeys": relaxed.missing_keys, "unexpectedKeys": relaxed.unexpected_keys},
})
