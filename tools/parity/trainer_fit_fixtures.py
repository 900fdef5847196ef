"""Writes packages/trainer/test/fixtures/fit.json: a small classification run with
torch.utils.data and torch.optim written out as the usual PyTorch loop (train mode, zero_grad,
forward, loss, backward, step per batch; eval mode and no_grad for validation; scheduler step per
epoch). `fit` must reproduce its per-epoch losses, accuracies, learning rates and final weights.

    /usr/bin/python3 tools/parity/trainer_fit_fixtures.py
"""
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '..', 'packages', 'trainer', 'test', 'fixtures', 'fit.json')


def run(seed, epochs=4):
    torch.manual_seed(seed)
    X = torch.randn(40, 4)
    y = (X[:, 0] > 0).long() + (X[:, 1] > 0).long()
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    train = DataLoader(TensorDataset(X[:32], y[:32]), batch_size=8, shuffle=True)
    val = DataLoader(TensorDataset(X[32:], y[32:]), batch_size=8)
    log = []
    for epoch in range(epochs):
        lr = opt.param_groups[0]['lr']
        model.train()
        total, n, outs, ys = 0.0, 0, [], []
        for xb, yb in train:
            opt.zero_grad()
            out = model(xb)
            loss = F.cross_entropy(out, yb)
            loss.backward()
            opt.step()
            total += loss.item() * len(yb)
            n += len(yb)
            outs.append(out.detach())
            ys.append(yb)
        train_acc = (torch.cat(outs).argmax(1) == torch.cat(ys)).double().mean().item()
        model.eval()
        vt, vn, vouts, vys = 0.0, 0, [], []
        with torch.no_grad():
            for xb, yb in val:
                out = model(xb)
                vt += F.cross_entropy(out, yb).item() * len(yb)
                vn += len(yb)
                vouts.append(out)
                vys.append(yb)
        val_acc = (torch.cat(vouts).argmax(1) == torch.cat(vys)).double().mean().item()
        sched.step()
        log.append({'epoch': epoch + 1, 'lr': lr, 'train': {'loss': total / n, 'accuracy': train_acc},
                    'val': {'loss': vt / vn, 'accuracy': val_acc}})
    params = {k: v.reshape(-1).tolist() for k, v in model.state_dict().items()}
    return {'seed': seed, 'epochs': log, 'params': params, 'after': torch.rand(3).view(torch.int32).tolist()}


with open(OUT, 'w') as f:
    json.dump({'torch': torch.__version__, 'runs': [run(0), run(7)]}, f)
    f.write('\n')
print('wrote', os.path.relpath(OUT))
