#!/usr/bin/python3
"""Write packages/core/test/fixtures/rng-strided.json: random fills of non-contiguous tensors.

PyTorch draws them in memory order, and normal_ takes its per-element path whatever the size.
float32 values are stored as uint32 bit patterns. Run with Debian's PyTorch: /usr/bin/python3.
"""
import json
import numpy as np
import torch

torch.set_num_threads(1)


def bits(t):
    return t.detach().contiguous().numpy().astype(np.float32).view(np.uint32).tolist()


cases = {}
for seed in [0, 5]:
    for name, make in {
        'transpose8x5': lambda a: a.view(8, 5).t(),
        'step2': lambda a: a[::2],
        'cols': lambda a: a.view(5, 8)[:, 1:7],
    }.items():
        for op in ['normal', 'uniform']:
            torch.manual_seed(seed)
            base = torch.zeros(40)
            view = make(base)
            if op == 'normal':
                view.normal_(0.5, 2.0)
            else:
                view.uniform_(-1.5, 2.0)
            tail = torch.randn(3)  # the generator's state (and normal cache) afterwards
            cases[f'{op}/{name}/{seed}'] = {'base': bits(base), 'after': bits(tail)}

with open('packages/core/test/fixtures/rng-strided.json', 'w') as f:
    json.dump({'torch': torch.__version__, 'cases': cases}, f, separators=(',', ':'))
