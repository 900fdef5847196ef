"""The tutorial's two loops (as in tutorial_manual.py / tutorial_auto.py) recording loss.item()
at every epoch as float32 bit patterns, to find the first epoch where a port drifts from PyTorch.
Writes examples/tutorial/test/fixtures/loss-trace.json.

    /usr/bin/python3 tools/parity/tutorial_trace.py
"""
import json
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '..', 'examples', 'tutorial', 'test', 'fixtures', 'loss-trace.json')
SEEDS = [0, 1, 2, 3, 42, 1234]
x = torch.from_numpy(np.array([[0, 0], [1, 0], [1, 1], [0, 0], [0, 0], [0, 1]])).float()
y = torch.from_numpy(np.array([0, 1, 2, 0, 0, 2]))


def bits(v):
    return int(np.float32(v).view(np.int32))


def manual(seed):
    torch.manual_seed(seed)
    W1 = torch.randn(2, 5, requires_grad=True)
    B1 = torch.randn(5, requires_grad=True)
    Wout = torch.randn(5, 3, requires_grad=True)
    Bout = torch.randn(3, requires_grad=True)
    out = []
    for epoch in range(1000):
        z1 = torch.add(torch.matmul(x, W1), B1)
        Zout = torch.add(torch.matmul(F.relu(z1), Wout), Bout)
        loss = F.nll_loss(F.log_softmax(Zout, dim=1), y)
        loss.backward()
        with torch.no_grad():
            for p in (W1, B1, Wout, Bout):
                p.data -= 0.01 * p.grad.data
        for p in (W1, B1, Wout, Bout):
            p.grad.data.zero_()
        out.append(bits(loss.item()))
    return out


class ModelWithHiddenLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear1 = nn.Linear(2, 5)
        self.linear2 = nn.Linear(5, 3)

    def forward(self, x):
        return self.linear2(F.relu(self.linear1(x)))


def auto(seed):
    torch.manual_seed(seed)
    model = ModelWithHiddenLayer()
    criterion = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    out = []
    for epoch in range(1000):
        model.train()
        opt.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        opt.step()
        out.append(bits(loss.item()))
    return out


with open(OUT, 'w') as f:
    json.dump({'torch': torch.__version__, 'traces': [{'seed': s, 'manual': manual(s), 'auto': auto(s)} for s in SEEDS]}, f)
    f.write('\n')
print('wrote', os.path.relpath(OUT))
