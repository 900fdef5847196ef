"""PyTorch's own error and warning texts for the nn argument-form mistakes that torchlet reproduces.

Writes packages/nn/test/fixtures/nn_argument_forms.json: {id: message}. Each id names a call that
packages/nn/test/argument-forms.test.ts makes the same way in JavaScript. Run with /usr/bin/python3
(torch 1.13).
"""
import json
import os
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F

x = torch.randn(1, 1, 5, 5)
CASES = {
    'Linear(2.5, 3)': lambda: nn.Linear(2.5, 3),
    'Linear(-1, 3)': lambda: nn.Linear(-1, 3),
    'Conv2d(1, 2, 2.5)': lambda: nn.Conv2d(1, 2, 2.5),
    'Conv2d(1, 2, 3, stride=0)(x)': lambda: nn.Conv2d(1, 2, 3, stride=0)(x),
    'Conv2d(1, 2, 3, 1, -1)(x)': lambda: nn.Conv2d(1, 2, 3, 1, -1)(x),
    'Conv2d(1, 2, 3, groups=0)': lambda: nn.Conv2d(1, 2, 3, groups=0),
    'max_pool2d(x, 2.5)': lambda: F.max_pool2d(x, 2.5),
    'MaxPool2d(2.5)(x)': lambda: nn.MaxPool2d(2.5)(x),
    'Dropout(1.5)': lambda: nn.Dropout(1.5),
    'dropout(x, nan)': lambda: F.dropout(x, float('nan')),
    "dropout(x, 0.5, 'a')": lambda: F.dropout(x, 0.5, 'a'),
    'linear(x, 3)': lambda: F.linear(x, 3),
    'linear(x, w, 5)': lambda: F.linear(x.view(25), torch.randn(3, 25), 5),
    'cross_entropy(ignore_index=1.5)': lambda: F.cross_entropy(torch.randn(2, 3), torch.tensor([0, 1]), ignore_index=1.5),
    'CrossEntropyLoss(label_smoothing=2.0)': lambda: nn.CrossEntropyLoss(label_smoothing=2.0)(torch.randn(2, 3), torch.tensor([0, 1])),
    "CrossEntropyLoss(reduction='x')": lambda: nn.CrossEntropyLoss(reduction='x')(torch.randn(2, 3), torch.tensor([0, 1])),
    'Embedding(10, 3, 20)': lambda: nn.Embedding(10, 3, 20),
    'GroupNorm(3, 4)': lambda: nn.GroupNorm(3, 4),
    'softmax(x, 1.5)': lambda: F.softmax(x, 1.5),
}

out = {}
for key, fn in CASES.items():
    try:
        fn()
        raise SystemExit(f'{key} did not raise')
    except Exception as e:  # noqa: BLE001 - the message is the fixture
        # Keep the first line: PyTorch's "invalid combination" texts go on with a list of overloads.
        out[key] = str(e).split('\n')[0]

with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    F.mse_loss(torch.randn(3, 1), torch.randn(3))
    out['mse_loss size warning'] = str(w[0].message)

path = os.path.join(os.path.dirname(__file__), '../../packages/nn/test/fixtures/nn_argument_forms.json')
with open(path, 'w') as f:
    json.dump(out, f, indent=1)
print(f'wrote {len(out)} messages to {os.path.normpath(path)}')
