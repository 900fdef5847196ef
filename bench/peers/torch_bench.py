"""PyTorch peer: the bench's workloads W1-W4 in eager PyTorch, one JSON line on stdout.

Usage: /usr/bin/python3 bench/peers/torch_bench.py [--threads N] [--quick] [--only W1,W3]
The workloads match bench/workloads.ts: every training step is zero_grad, forward,
CrossEntropyLoss (mean), backward, SGD(lr=0.01).
"""
import json
import resource
import statistics
import sys
import time

import torch
from torch import nn

args = sys.argv[1:]
quick = '--quick' in args
threads = int(args[args.index('--threads') + 1]) if '--threads' in args else None
only = set(args[args.index('--only') + 1].split(',')) if '--only' in args else None
if threads is not None:
    torch.set_num_threads(threads)


def time_runs(fn, reps, runs=5):
    """`runs` timings (ms per call) of up to `reps` back-to-back calls each (about 500 ms per run at most)."""
    t0 = time.perf_counter()
    fn()
    reps = max(1, min(reps, round(0.5 / max(time.perf_counter() - t0, 1e-6))))
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for _ in range(reps):
            fn()
        out.append((time.perf_counter() - t0) * 1000 / reps)
    return out


def stepper(model, x, y):
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    criterion = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()
    return step


def w1():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 5), nn.ReLU(), nn.Linear(5, 3))
    x = torch.tensor([[0, 0], [1, 0], [1, 1], [0, 0], [0, 0], [0, 1]]).float()
    y = torch.tensor([0, 1, 2, 0, 0, 2])
    step = stepper(model, x, y)
    t0 = time.perf_counter()
    for _ in range(1000):
        step()
    first = (time.perf_counter() - t0) * 1e6 / 1000
    warm = statistics.median(time_runs(step, 500 if quick else 5000)) * 1000
    return {'W1': warm, 'W1first': first}


def w2():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    step = stepper(model, torch.randn(128, 784), torch.tensor([(i * 7) % 10 for i in range(128)]))
    for _ in range(5):
        step()
    return {'W2': statistics.median(time_runs(step, 5 if quick else 50))}


def w3():
    n = 512
    torch.manual_seed(0)
    a, b = torch.rand(n, n), torch.rand(n, n)
    for _ in range(3):
        a.mm(b)
    ms = statistics.median(time_runs(lambda: a.mm(b), 5 if quick else 30))
    rel = ((a.mm(b).double() - a.double().mm(b.double())).abs() / a.double().mm(b.double()).abs()).max().item()
    return {'W3': 2 * n ** 3 / ms / 1e6, 'W3relErr': rel}


def w4():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8 * 13 * 13, 10))
    step = stepper(model, torch.randn(64, 1, 28, 28), torch.tensor([(i * 3) % 10 for i in range(64)]))
    for _ in range(3):
        step()
    return {'W4': statistics.median(time_runs(step, 5 if quick else 30))}


out = {'threads': torch.get_num_threads(), 'version': torch.__version__}
for name, fn in (('W1', w1), ('W2', w2), ('W3', w3), ('W4', w4)):
    if only is None or name in only:
        out.update(fn())
out['rssMB'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
